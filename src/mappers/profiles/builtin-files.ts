import { fileURLToPath } from 'node:url';
import type { MappedStep } from '../build-record.js';
import { sonarImporterProfile } from './sonar-importer.js';
import { templatesProfile } from './templates.js';

/** A built-in profile shipped as a mapping file: its name, one line, and the file each input reads. */
export interface BuiltinMappingProfile {
  name: string;
  description: string;
  /** Input → the export it expects (a test checks these against the mapping file). */
  inputs: Partial<Record<MappedStep, string>>;
  /** The crosswalks the migration file must supply (legacy codes differ at every ISP). */
  crosswalks: readonly string[];
  /** Crosswalks only some inputs read: the migration file must supply them when it names the input. */
  inputCrosswalks?: Partial<Record<MappedStep, readonly string[]>>;
  /** Input → the API answers its `json` form reads (WHMCS credit_cards: GetPayMethods answers). */
  jsonInputs?: Partial<Record<MappedStep, string>>;
  /** Lookup → the export it expects, when not `<lookup>.csv`. */
  lookups?: Readonly<Record<string, string>>;
  /**
   * The system's forms that need a profile each: profiles of one family are told apart by their
   * header, and a header of a sibling's form names that profile (`form` says what the form is).
   */
  variant?: { family: string; form: string };
}

// The mapping files live in profiles/ at the package root (listed in package.json "files"):
// two levels above both src/mappers/profiles/ and dist/mappers/profiles/.
const PROFILES_DIR = new URL('../../../profiles/', import.meta.url);

/** The mapping files shipped in profiles/, in the order `sonar-migrate profiles` lists them. */
export const builtinMappingProfiles: readonly BuiltinMappingProfile[] = [
  {
    name: 'splynx',
    description:
      'Splynx API v2.0 lists (customers, customer billing, internet and voice services) as JSON or CSV',
    inputs: {
      accounts: 'customers.json',
      billing_parameters: 'customer-billing.json',
      services: 'internet-services.json + voice-services.json',
      ip_assignments: 'internet-services.json',
      did_inventory: 'voice-services.json',
      dids: 'voice-services.json',
    },
    crosswalks: ['account_types', 'statuses', 'locations', 'subdivisions', 'internet_plans', 'voice_plans'],
    inputCrosswalks: { did_inventory: ['rate_centers'] },
    variant: { family: 'splynx', form: "Splynx's API field names (an API list saved as JSON, or as CSV)" },
  },
  {
    name: 'uisp-crm',
    description: 'UISP CRM (UCRM) API clients, contacts and services, as JSON or flattened to CSV',
    inputs: {
      accounts: 'clients.json',
      contacts: 'contacts.json',
      services: 'services.json',
      billing_parameters: 'services.json',
      next_bill_dates: 'services.json',
      ip_assignments: 'services.json',
    },
    crosswalks: ['account_types', 'statuses', 'plans'],
    lookups: { client_contacts: 'contacts.json' },
  },
  {
    name: 'freeside',
    description:
      'Freeside tables exported from PostgreSQL with headers (cust_main, cust_payby, cust_pkg + lookups)',
    inputs: {
      accounts: 'cust_main.csv',
      billing_parameters: 'cust_main.csv',
      credit_cards: 'cust_payby.csv',
      bank_accounts: 'cust_payby.csv',
      services: 'cust_pkg.csv',
      did_inventory: 'svc_phone.csv',
      dids: 'svc_phone.csv',
    },
    crosswalks: ['account_types', 'statuses', 'plans'],
    inputCrosswalks: { did_inventory: ['rate_centers'], dids: ['phone_services'] },
  },
  {
    name: 'whmcs',
    description:
      'WHMCS tblclients, tblcontacts and tblhosting exports (database column names); cards also from GetPayMethods answers',
    inputs: {
      accounts: 'tblclients.csv',
      billing_parameters: 'tblclients.csv',
      credit_cards: 'tblclients.csv',
      contacts: 'tblcontacts.csv',
      services: 'tblhosting.csv',
      next_bill_dates: 'tblhosting.csv',
      ip_assignments: 'tblhosting.csv',
    },
    jsonInputs: { credit_cards: 'paymethods.json' },
    crosswalks: ['account_types', 'statuses', 'plans'],
  },
  {
    name: 'splynx-import',
    description:
      "Splynx customers + internet/voice services CSVs in Splynx's import layout (portal_login, street, plan)",
    inputs: {
      accounts: 'customers.csv',
      billing_parameters: 'customers.csv',
      services: 'services.csv',
      ip_assignments: 'services.csv',
      dids: 'services.csv',
    },
    crosswalks: ['account_types', 'statuses', 'locations', 'subdivisions', 'plans'],
    variant: { family: 'splynx', form: "Splynx's import layout" },
  },
];

/** The path of a shipped mapping file as messages show it. */
export function builtinMappingProfileName(name: string): string {
  return `profiles/${name}.yaml`;
}

/** The absolute path of a shipped mapping file. */
export function builtinMappingProfilePath(name: string): string {
  return fileURLToPath(new URL(`${name}.yaml`, PROFILES_DIR));
}

/** One line of `sonar-migrate profiles`: a built-in profile and the inputs it reads. */
export interface BuiltinProfileSummary {
  name: string;
  description: string;
  /** Each input it maps, with the export it expects when the profile names one. */
  inputs: Array<{ input: string; reads?: string }>;
}

/** Every built-in profile, code-defined ones first, then the shipped mapping files. */
export function listBuiltinProfiles(): BuiltinProfileSummary[] {
  const coded = [sonarImporterProfile, templatesProfile].map((p) => ({
    name: p.name,
    description: p.description,
    inputs: Object.keys(p.inputs).map((input) => ({ input })),
  }));
  const shipped = builtinMappingProfiles.map((p) => ({
    name: p.name,
    description: p.description,
    inputs: Object.entries(p.inputs).map(([input, reads]) => ({ input, reads })),
  }));
  return [...coded, ...shipped];
}
