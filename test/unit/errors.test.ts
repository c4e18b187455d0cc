import { describe, expect, it } from 'vitest';
import { AegisError, exitCodeOf, isAegisError } from '../../src/errors.js';
import { parseS3Uri } from '../../src/storage/s3-uri.js';

describe('AegisError', () => {
  it('renders the CLI line with its code', () => {
    const e = new AegisError('NOT_FOUND', 'Table x does not exist');
    expect(e.toLine()).toBe('ERROR NOT_FOUND: Table x does not exist');
    expect(isAegisError(e, 'NOT_FOUND')).toBe(true);
    expect(isAegisError(e, 'SYNTAX_ERROR')).toBe(false);
  });
  it('parses s3 URIs and rejects others', () => {
    expect(parseS3Uri('s3://b/k/x.csv')).toEqual({ bucket: 'b', key: 'k/x.csv' });
    expect(parseS3Uri('s3://b')).toEqual({ bucket: 'b', key: '' });
    expect(() => parseS3Uri('http://b/k')).toThrowError(/Not an S3 URI/);
  });
});

describe('exitCodeOf', () => {
  it('is 1 for coded errors and 2 for internal ones, whatever the source of the statement', () => {
    expect(exitCodeOf(new AegisError('SYNTAX_ERROR', 'x'))).toBe(1);
    expect(exitCodeOf(new AegisError('ACCESS_DENIED', 'x'))).toBe(1);
    expect(exitCodeOf(new AegisError('INTERNAL_ERROR', 'x'))).toBe(2);
    expect(exitCodeOf(new TypeError('boom'))).toBe(2);
  });
});
