import { describe, expect, it } from 'vitest';
import { StatePolicyError } from './errors.js';
import { checkPolicy, isTemplateFile, splitParts } from './parts.js';

describe('splitParts', () => {
  it('splits on --- lines after normalising CRLF, keeping line offsets', () => {
    const parts = splitParts('a: 1\r\n---\r\nb: 2\nc: 3\n---\nd: 4\n');
    expect(parts.map((p) => p.text)).toEqual(['a: 1', 'b: 2\nc: 3', 'd: 4\n']);
    expect(parts.map((p) => p.lineOffset)).toEqual([0, 2, 5]);
  });
  it('does not split on a separator with trailing text', () => {
    expect(splitParts('a: 1\n--- # c\nb: 2').length).toBe(1);
  });
});

describe('isTemplateFile', () => {
  it('renders only .gotmpl files unless HELMFILE_RENDER_YAML is set', () => {
    expect(isTemplateFile('/x/helmfile.yaml.gotmpl')).toBe(true);
    expect(isTemplateFile('/x/helmfile.yaml')).toBe(false);
    expect(isTemplateFile('/x/helmfile.yaml', true)).toBe(true);
  });
});

describe('checkPolicy (helmfile v1 layout rules)', () => {
  it('accepts environments and releases in different parts', () => {
    expect(() => checkPolicy('h.yaml', 'environments:\n  default: {}\n---\nreleases: []\n')).not.toThrow();
  });
  it('rejects environments and releases in the same part, with helmfile hint', () => {
    expect(() => checkPolicy('h.yaml', 'environments:\n  default: {}\nreleases: []\n')).toThrow(
      'environments and releases cannot be defined within the same YAML part. Use --- to extract the environments into a dedicated part (h.yaml: environments at line 1, releases at line 3; put a line "---" between them)',
    );
  });
  it('rejects releases before bases or environments', () => {
    expect(() => checkPolicy('h.yaml', 'releases: []\n---\nbases:\n- b.yaml\n')).toThrow(StatePolicyError);
    expect(() => checkPolicy('h.yaml', 'releases: []\n---\nbases:\n- b.yaml\n')).toThrow(
      'top-level config key bases must be defined before releases in h.yaml (line 3: move "bases:" above "releases:" at line 1)',
    );
  });
  it('rejects a file without top-level keys', () => {
    expect(() => checkPolicy('h.yaml', '# nothing\n')).toThrow(
      'no top-level config keys are found in h.yaml',
    );
  });
});
