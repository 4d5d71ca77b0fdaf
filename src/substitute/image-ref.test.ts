import { describe, expect, it } from 'vitest';
import { SubstituteError } from './errors.js';
import { formatImageRef, imageMatches, parseImageRef, substituteImage } from './image-ref.js';

const D = `sha256:${'a'.repeat(64)}`;
const D2 = `sha256:${'b'.repeat(64)}`;

describe('parseImageRef', () => {
  it.each([
    ['postgres', 'docker.io/library/postgres'],
    ['postgres:15', 'docker.io/library/postgres:15'],
    ['docker.io/library/postgres:15', 'docker.io/library/postgres:15'],
    ['index.docker.io/library/postgres:15', 'docker.io/library/postgres:15'],
    ['index.docker.io/postgres:15', 'docker.io/library/postgres:15'],
    ['bitnami/postgresql:16.1.0', 'docker.io/bitnami/postgresql:16.1.0'],
    ['localhost:5000/postgres:dev', 'localhost:5000/postgres:dev'],
    ['localhost/postgres', 'localhost/postgres'],
    ['ghcr.io/org/team/app:v1.2', 'ghcr.io/org/team/app:v1.2'],
    ['registry.example:443/app', 'registry.example:443/app'],
    [`postgres@${D}`, `docker.io/library/postgres@${D}`],
    [`postgres:15@${D}`, `docker.io/library/postgres:15@${D}`],
    [`localhost:5000/a/b:t@${D}`, `localhost:5000/a/b:t@${D}`],
    ['[::1]:5000/app:1', '[::1]:5000/app:1'],
    ['my-app_x.y__z:1_A.b-c', 'docker.io/library/my-app_x.y__z:1_A.b-c'],
  ])('%s → %s', (ref, full) => {
    expect(formatImageRef(parseImageRef(ref))).toBe(full);
  });

  it('tells a port from a tag', () => {
    expect(parseImageRef('localhost:5000/postgres')).toEqual({ domain: 'localhost:5000', path: 'postgres' });
    expect(parseImageRef('postgres:5000')).toEqual({
      domain: 'docker.io',
      path: 'library/postgres',
      tag: '5000',
    });
  });

  it.each([
    ['', 'empty'],
    [' postgres', 'white space'],
    ['Postgres:15', 'path component "Postgres"'],
    ['postgres:', 'tag ""'],
    ['postgres:-x', 'tag "-x"'],
    ['postgres@sha256:abc', 'digest "sha256:abc"'],
    ['a//b', 'empty path component'],
    [':15', 'repository name is missing'],
    ['bad_host.x:port/app', 'registry'],
    ['{{ .Values.image }}', 'path component'],
  ])('rejects %j (%s)', (ref, why) => {
    let err: unknown;
    try {
      parseImageRef(ref);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SubstituteError);
    expect((err as SubstituteError).code).toBe('IMAGE_REF_INVALID');
    expect((err as Error).message).toContain(why);
    expect((err as Error).message).toContain('expected an image reference');
  });
});

describe('imageMatches', () => {
  it('a tag matches the same tag under every spelling of docker.io', () => {
    for (const image of [
      'postgres:15',
      'docker.io/library/postgres:15',
      'index.docker.io/library/postgres:15',
      `postgres:15@${D}`,
    ])
      expect(imageMatches('postgres:15', image)).toBe(true);
    expect(imageMatches('docker.io/library/postgres:15', 'postgres:15')).toBe(true);
  });

  it('a tag does not match another tag, no tag, or another repository', () => {
    expect(imageMatches('postgres:15', 'postgres:16')).toBe(false);
    expect(imageMatches('postgres:15', 'postgres')).toBe(false);
    expect(imageMatches('postgres:15', 'bitnami/postgres:15')).toBe(false);
    expect(imageMatches('postgres:15', 'localhost:5000/postgres:15')).toBe(false);
    expect(imageMatches('postgres:15', 'postgres-exporter:15')).toBe(false);
  });

  it('a ref without tag matches every tag and digest of its repository', () => {
    for (const image of ['postgres', 'postgres:15', 'docker.io/library/postgres:16-alpine', `postgres@${D}`])
      expect(imageMatches('postgres', image)).toBe(true);
    expect(imageMatches('postgres', 'mysql:8')).toBe(false);
  });

  it('a digest matches that digest only', () => {
    expect(imageMatches(`postgres@${D}`, `postgres@${D}`)).toBe(true);
    expect(imageMatches(`postgres@${D}`, `docker.io/library/postgres:15@${D}`)).toBe(true);
    expect(imageMatches(`postgres@${D}`, `postgres@${D2}`)).toBe(false);
    expect(imageMatches(`postgres@${D}`, 'postgres:15')).toBe(false);
    expect(imageMatches(`postgres:15@${D}`, `postgres:16@${D}`)).toBe(false);
  });

  it('never matches what is not an image reference', () => {
    expect(imageMatches('postgres', '')).toBe(false);
    expect(imageMatches('postgres', '{{ .Values.image }}')).toBe(false);
  });
});

describe('substituteImage', () => {
  const subs = [
    { from: 'postgres', to: 'localhost:5000/postgres:any' },
    { from: 'postgres:15', to: 'localhost:5000/postgres:my-custom-build' },
    { from: 'redis:7', to: 'localhost:5000/redis:dev' },
  ];
  it('returns the replacement, the most specific pattern first', () => {
    expect(substituteImage('docker.io/library/postgres:15', subs)).toBe(
      'localhost:5000/postgres:my-custom-build',
    );
    expect(substituteImage('postgres:16', subs)).toBe('localhost:5000/postgres:any');
    expect(substituteImage('redis:7', subs)).toBe('localhost:5000/redis:dev');
  });
  it('returns undefined when nothing matches', () => {
    expect(substituteImage('redis:6', subs)).toBeUndefined();
    expect(substituteImage('nginx', subs)).toBeUndefined();
    expect(substituteImage('not an image', subs)).toBeUndefined();
  });
});
