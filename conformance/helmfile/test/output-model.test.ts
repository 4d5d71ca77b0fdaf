import { describe, expect, it } from 'vitest';
import { isLogLine, parseListJson, parseListTable, splitDocuments } from '../lib/output-model.js';

// Shaped like helmfile's golden outputs: log lines, helm manifests, logs between releases.
const templateOutput = `Adding repo myrepo http://localhost:18080/
"myrepo" has been added to your repositories
Building dependency release=foo, chart=$WD/temp1/foo
Pulled: localhost:5000/myrepo/raw:0.1.0
Digest: sha256:$DIGEST
Templating release=foo, chart=$WD/temp1/foo
---
# Source: raw/charts/dep/templates/resources.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: foo-2
data:
  bar: BAR


---
# Source: raw/templates/resources.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: foo-1

Templating release=baz, chart=$WD/temp1/baz
---
# Source: raw/templates/resources.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: baz-3
`;

describe('splitDocuments', () => {
  it('separates log lines from manifests, including logs trailing a document', () => {
    const s = splitDocuments(templateOutput);
    expect(s.docs.map((d) => (d.body as { metadata: { name: string } }).metadata.name)).toEqual([
      'foo-2',
      'foo-1',
      'baz-3',
    ]);
    expect(s.docs[0]?.source).toBe('raw/charts/dep/templates/resources.yaml');
    expect(s.logs).toContain('Templating release=baz, chart=$WD/temp1/baz');
    expect(s.logs).toContain('Digest: sha256:$DIGEST');
    expect(s.unparsable).toEqual([]);
  });

  it('reads helmfile build output: a source comment with two spaces, then the state', () => {
    const s = splitDocuments(
      '---\n#  Source: /x/helmfile.yaml\n\nfilepath: helmfile.yaml\nreleases:\n  - name: a\n',
    );
    expect(s.docs).toEqual([
      { source: '/x/helmfile.yaml', body: { filepath: 'helmfile.yaml', releases: [{ name: 'a' }] } },
    ]);
  });

  it('reports a document that is not YAML', () => {
    expect(splitDocuments('---\nkey: [unclosed\n').unparsable).toHaveLength(1);
  });
});

describe('isLogLine', () => {
  it('treats capitalised prose as a log line but not a capitalised YAML key', () => {
    expect(isLogLine('Saving 1 charts')).toBe(true);
    expect(isLogLine('Update Complete. ⎈Happy Helming!⎈')).toBe(true);
    expect(isLogLine('Key: value')).toBe(false);
    expect(isLogLine('kind: ConfigMap')).toBe(false);
    expect(isLogLine('  Indented prose')).toBe(false);
  });
});

describe('list output', () => {
  it('parses the tab-separated table', () => {
    const table =
      'NAME    \tNAMESPACE  \tENABLED\tINSTALLED\tLABELS       \tCHART\tVERSION\nrelease1\tmyNamespace\ttrue   \ttrue     \tapp:myapp\ttest\t\n';
    expect(parseListTable(table)).toEqual([
      {
        NAME: 'release1',
        NAMESPACE: 'myNamespace',
        ENABLED: 'true',
        INSTALLED: 'true',
        LABELS: 'app:myapp',
        CHART: 'test',
        VERSION: '',
      },
    ]);
  });

  it('finds the JSON array after log lines', () => {
    expect(parseListJson('some warning\n[{"name":"a","enabled":true}]\n')).toEqual([
      { name: 'a', enabled: true },
    ]);
    expect(parseListJson('no json here')).toBeNull();
  });
});
