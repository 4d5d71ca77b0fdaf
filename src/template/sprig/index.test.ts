import { describe, expect, it } from 'vitest';
import { sprigFuncMap } from './index.js';

/** Every name of Sprig v3.3.0's genericMap. */
const SPRIG_NAMES =
  `abbrev abbrevboth add add1 add1f addf adler32sum ago all any append atoi b32dec b32enc b64dec b64enc
base bcrypt biggest buildCustomCert camelcase cat ceil chunk clean coalesce compact concat contains date dateInZone
dateModify date_in_zone date_modify decryptAES deepCopy deepEqual default derivePassword dict dig dir div divf
duration durationRound empty encryptAES env expandenv ext fail first float64 floor fromJson genCA genCAWithKey
genPrivateKey genSelfSignedCert genSelfSignedCertWithKey genSignedCert genSignedCertWithKey get getHostByName has
hasKey hasPrefix hasSuffix hello htmlDate htmlDateInZone htpasswd indent initial initials int int64 isAbs join
kebabcase keys kindIs kindOf last list lower max maxf merge mergeOverwrite min minf mod mul mulf mustAppend mustChunk
mustCompact mustDateModify mustDeepCopy mustFirst mustFromJson mustHas mustInitial mustLast mustMerge
mustMergeOverwrite mustPrepend mustPush mustRegexFind mustRegexFindAll mustRegexMatch mustRegexReplaceAll
mustRegexReplaceAllLiteral mustRegexSplit mustRest mustReverse mustSlice mustToDate mustToJson mustToPrettyJson
mustToRawJson mustUniq mustWithout must_date_modify nindent nospace now omit osBase osClean osDir osExt osIsAbs pick
pluck plural prepend push quote randAlpha randAlphaNum randAscii randBytes randInt randNumeric regexFind regexFindAll
regexMatch regexQuoteMeta regexReplaceAll regexReplaceAllLiteral regexSplit repeat replace rest reverse round semver
semverCompare seq set sha1sum sha256sum sha512sum shuffle slice snakecase sortAlpha split splitList splitn squote
sub subf substr swapcase ternary title toDate toDecimal toJson toPrettyJson toRawJson toString toStrings trim trimAll
trimPrefix trimSuffix trimall trunc tuple typeIs typeIsLike typeOf uniq unixEpoch unset until untilStep untitle upper
urlJoin urlParse uuidv4 values without wrap wrapWith`.split(/\s+/);

describe('sprigFuncMap', () => {
  it('has 211 distinct Sprig names to cover', () => {
    expect(new Set(SPRIG_NAMES).size).toBe(211);
  });
  it('provides every Sprig function and nothing else', () => {
    const m = sprigFuncMap();
    expect(SPRIG_NAMES.filter((n) => !m.has(n))).toEqual([]);
    expect([...m.keys()].filter((n) => !SPRIG_NAMES.includes(n))).toEqual([]);
    for (const [name, f] of m) expect(f.name).toBe(name);
  });
  it('reads env through the injected getenv', () => {
    const m = sprigFuncMap({ getenv: (n) => (n === 'X' ? 'y' : undefined) });
    const ctx = { executeTemplate: () => '', renderString: () => '', templateName: 't' };
    expect(m.get('env')!.call(['X'], ctx)).toBe('y');
    expect(m.get('expandenv')!.call(['a$X'], ctx)).toBe('ay');
  });
});
