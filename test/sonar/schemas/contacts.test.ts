import { describe, expect, test } from 'vitest';
import { contactCreateSchema, contactUpdateSchema } from '../../../src/sonar/schemas/index.js';
import { issuesOf } from './issues.js';

function validContact(): Record<string, unknown> {
  return { name: 'Jacob Kailing', email_message_categories: [2], primary: false };
}

describe('contactCreateSchema', () => {
  test('accepts the documented required fields', () => {
    expect(issuesOf(contactCreateSchema, validContact())).toEqual([]);
  });

  test('accepts every optional field, with portal username and password together', () => {
    const contact = {
      ...validContact(),
      role: 'Chief Party Officer',
      email_address: 'jacob@sonar.software',
      phone_numbers: { work: { number: '1231231234', extension: 123 } },
      username: 'babymonkey',
      password: 'correct horse',
    };
    expect(issuesOf(contactCreateSchema, contact)).toEqual([]);
  });

  test.each([
    ['name', 'name is required'],
    ['email_message_categories', 'email_message_categories is required'],
    ['primary', 'primary is required'],
  ])('says %s is required when it is missing', (field, message) => {
    const contact = validContact();
    delete contact[field];
    expect(issuesOf(contactCreateSchema, contact)).toEqual([{ path: field, message }]);
  });

  test('rejects a primary flag that is not a boolean', () => {
    expect(issuesOf(contactCreateSchema, { ...validContact(), primary: 'yes' })).toEqual([
      { path: 'primary', message: 'primary must be true or false' },
    ]);
  });

  test('requires a password when a username is set', () => {
    expect(issuesOf(contactCreateSchema, { ...validContact(), username: 'jacob' })).toEqual([
      { path: 'password', message: 'password is required when username is set (customer portal login)' },
    ]);
  });

  test('requires a username when a password is set, without echoing the password', () => {
    const issues = issuesOf(contactCreateSchema, { ...validContact(), password: 'hunter2-secret' });
    expect(issues).toEqual([
      { path: 'username', message: 'username is required when password is set (customer portal login)' },
    ]);
    expect(JSON.stringify(issues)).not.toContain('hunter2-secret');
  });

  test('rejects a malformed email address', () => {
    expect(issuesOf(contactCreateSchema, { ...validContact(), email_address: 'jacob at sonar' })).toEqual([
      { path: 'email_address', message: 'email_address is not an email address, e.g. jane@example.com' },
    ]);
  });
});

describe('contactUpdateSchema', () => {
  test('accepts a partial update, including a password alone', () => {
    expect(issuesOf(contactUpdateSchema, { primary: true })).toEqual([]);
    expect(issuesOf(contactUpdateSchema, { password: 'new one' })).toEqual([]);
  });

  test('rejects an undocumented email category', () => {
    expect(issuesOf(contactUpdateSchema, { email_message_categories: [1] })[0]?.path).toBe(
      'email_message_categories.0',
    );
  });
});
