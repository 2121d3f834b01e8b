/**
 * Every error code sonar-migrate can report, with what it means and what to do about it.
 * This table is the single source of the README's error-code section: add a code here, with its
 * advice, before using it anywhere. Codes are SCREAMING_SNAKE with an area prefix.
 */
export const errorCodes = {
  CONFIG_INVALID:
    'The configuration file does not match the expected shape. Fix the key named in the message.',
  CONFIG_UNKNOWN_KEY:
    'The configuration file has a key sonar-migrate does not know. Remove it or fix its spelling.',
  CONFIG_FILE_MISSING:
    'A file named in the configuration does not exist. Fix the path (paths are relative to the configuration file).',
  CONFIG_ENV_MISSING:
    'SONAR_URL, SONAR_USERNAME or SONAR_PASSWORD is not set. Set it in the environment or in a .env file.',
  CONFIG_INSECURE_URL:
    'SONAR_URL uses plain http:// to a host other than this machine. Use https://, or pass --insecure if you really mean it.',
  CONFIG_ENV_INVALID:
    'SONAR_URL is not an http(s) URL, or carries credentials. Set it to the Sonar instance, e.g. https://isp.sonar.software, and put the user in SONAR_USERNAME / SONAR_PASSWORD.',
  CONFIG_USAGE: 'The command line is not valid. Run the command with --help.',
  SOURCE_UNREADABLE: 'An input file cannot be opened or parsed. Check the path, the format and the encoding.',
  SOURCE_BAD_ENCODING:
    'An input file is not valid UTF-8. Set "encoding" for that input (for example "windows-1252").',
  SOURCE_SHEET_MISSING: 'The workbook has no sheet of that name. Fix "sheet" for that input.',
  SOURCE_CSV_MALFORMED:
    'A CSV line cannot be parsed (unclosed quote, wrong column count). Fix the line in the file.',
  SONAR_TERMINAL:
    'Sonar refused the request (4xx). Fix what the message names; retrying unchanged will fail again.',
  SONAR_TRANSIENT:
    'Sonar or the network failed temporarily and retries ran out. Re-run: the journal resumes where it stopped.',
  SONAR_UNCERTAIN:
    'A write was sent but no answer came back. Re-run: sonar-migrate looks in Sonar before sending it again.',
  SONAR_AUTH:
    'Sonar refused the credentials (401/403). Check SONAR_USERNAME and SONAR_PASSWORD and the user’s permissions.',
  SONAR_BAD_RESPONSE:
    'Sonar answered with a body sonar-migrate cannot read. Check SONAR_URL points at a Sonar v1 API.',
  INTERNAL: 'A bug in sonar-migrate. Please report it with the command you ran and the message.',
} as const;

/** A code from the table above. */
export type ErrorCode = keyof typeof errorCodes;
