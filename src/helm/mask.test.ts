import { describe, expect, it } from 'vitest';
import { maskArgs } from './mask.js';

describe('maskArgs', () => {
  it('hides the values of --set style flags and keeps their keys', () => {
    expect(
      maskArgs(['upgrade', 'r', 'c', '--set', 'db.password=hunter2,user=admin', '--set-string=token=abc']),
    ).toEqual(['upgrade', 'r', 'c', '--set', 'db.password=***,user=***', '--set-string=token=***']);
  });

  it('treats an escaped comma as part of the value', () => {
    expect(maskArgs(['--set', 'a=x\\,y,b=z'])).toEqual(['--set', 'a=***,b=***']);
  });

  it('hides passwords in both spellings and leaves other flags alone', () => {
    expect(
      maskArgs(['repo', 'add', 'r', 'u', '--username', 'me', '--password', 's3cr3t', '--timeout=5m']),
    ).toEqual(['repo', 'add', 'r', 'u', '--username', 'me', '--password', '***', '--timeout=5m']);
    expect(maskArgs(['--password=s3cr3t'])).toEqual(['--password=***']);
  });

  it('keeps a dangling flag without inventing a value', () => {
    expect(maskArgs(['template', '--set'])).toEqual(['template', '--set']);
  });
});
