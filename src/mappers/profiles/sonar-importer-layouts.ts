import type { MappedStep } from '../build-record.js';
import type { ColumnKind } from '../template-layouts.js';

/** One positional column of a Sonar importer layout: its template header and the payload path it fills. */
export interface ImporterColumn {
  header: string;
  /** Payload path, or `account_number` for the legacy account key. */
  path: string;
  kind: ColumnKind;
}

const col = (header: string, path: string, kind: ColumnKind): ImporterColumn => ({ header, path, kind });
const account = col('Account ID', 'account_number', 'key');

// Positions and header names as /work/shared/sonar-importer-layouts.md lists them (Sonar's own
// importer, SonarSoftwareInc/importer). The DID inventory layout is ours: `DID, Rate Center ID`.
// The accounts ID is both the legacy key and the explicit Sonar account id ("becomes the Sonar
// account id"): `id` is filled from the same cell by the profile. As in the official importer
// (AccountBillingParameterImporter.php), "Separate Invoice Day" is the invoice day: a value sets
// invoice_day and turns separate_invoice_day_enabled on.

/** The positional layout of each input in the importer's column order. */
export const importerLayouts: Record<MappedStep, readonly ImporterColumn[]> = {
  accounts: [
    col('ID', 'account_number', 'key'),
    col('Name', 'name', 'text'),
    col('Account Type ID', 'account_type_id', 'id'),
    col('Account Status ID', 'account_status_id', 'id'),
    col('Account Groups', 'account_groups', 'id_list'),
    col('Sub Accounts', 'sub_accounts', 'key_list'),
    col('Next Bill Date', 'next_bill_date', 'date'),
    col('Physical Address Line1', 'line1', 'text'),
    col('Physical Address Line 2', 'line2', 'text'),
    col('Physical City', 'city', 'text'),
    col('Physical State', 'state', 'text'),
    col('Physical County', 'county', 'text'),
    col('Physical ZIP', 'zip', 'text'),
    col('Physical Country', 'country', 'country'),
    col('Physical Latitude', 'latitude', 'number'),
    col('Physical Longitude', 'longitude', 'number'),
    col('Primary Contact Name', 'contact_name', 'text'),
    col('Primary Contact Role', 'role', 'text'),
    col('Primary Contact Email Address', 'email_address', 'text'),
    col('Primary Contact Email Message Categories', 'email_message_categories', 'id_list'),
    col('Work Phone', 'phone_numbers.work.number', 'phone'),
    col('Work Extension', 'phone_numbers.work.extension', 'integer'),
    col('Home Phone', 'phone_numbers.home.number', 'phone'),
    col('Mobile Phone', 'phone_numbers.mobile.number', 'phone'),
    col('Fax', 'phone_numbers.fax.number', 'phone'),
  ],
  contacts: [
    account,
    col('Name', 'name', 'text'),
    col('Role', 'role', 'text'),
    col('Email Address', 'email_address', 'text'),
    col('Work Phone', 'phone_numbers.work.number', 'phone'),
    col('Work Extension', 'phone_numbers.work.extension', 'integer'),
    col('Home Phone', 'phone_numbers.home.number', 'phone'),
    col('Mobile Phone', 'phone_numbers.mobile.number', 'phone'),
    col('Fax', 'phone_numbers.fax.number', 'phone'),
    col('Email Message Categories', 'email_message_categories', 'id_list'),
    col('Username', 'username', 'text'),
    col('Password', 'password', 'text'),
  ],
  addresses: [
    account,
    col('Address Type ID', 'address_type_id', 'id'),
    col('Line 1', 'line1', 'text'),
    col('Line 2', 'line2', 'text'),
    col('City', 'city', 'text'),
    col('State', 'state', 'text'),
    col('County', 'county', 'text'),
    col('ZIP', 'zip', 'text'),
    col('Country', 'country', 'country'),
    col('Latitude', 'latitude', 'number'),
    col('Longitude', 'longitude', 'number'),
  ],
  credit_cards: [
    account,
    col('Payment Processor Customer Profile ID', 'payment_processor_customer_profile_id', 'text'),
    col('Token', 'token', 'text'),
    col('Identifier', 'identifier', 'text'),
    col('Expiration Year', 'expiration_year', 'integer'),
    col('Expiration Month', 'expiration_month', 'integer'),
    col('Auto', 'auto', 'boolean'),
    col('Card Type', 'card_type', 'card_type'),
    col('Name on card', 'name_on_account', 'text'),
    col('Street Address', 'line1', 'text'),
    col('City', 'city', 'text'),
    col('State', 'state', 'text'),
    col('ZIP', 'zip', 'text'),
    col('Country', 'country', 'country'),
  ],
  bank_accounts: [
    account,
    col('Payment Processor Customer Profile ID', 'payment_processor_customer_profile_id', 'text'),
    col('Token', 'token', 'text'),
    col('Identifier', 'identifier', 'text'),
    col('Auto', 'auto', 'boolean'),
    col('Name on Account', 'name_on_account', 'text'),
  ],
  services: [
    account,
    col('Service ID', 'service_id', 'id'),
    col('Price Override', 'price_override', 'number'),
    col('Price Override Reason', 'price_override_reason', 'text'),
    col('Quantity', 'quantity', 'integer'),
    col('Next Bill Date', 'next_bill_date', 'date'),
  ],
  billing_parameters: [
    account,
    col('Bill Day', 'bill_day', 'integer'),
    col('Due Days', 'due_days', 'integer'),
    col('Grace Days', 'grace_days', 'integer'),
    col('Grace Until', 'grace_until', 'date'),
    col('Months To Bill', 'months_to_bill', 'integer'),
    col('Tax Exempt', 'tax_exempt', 'boolean'),
    col('Print Invoice', 'print_invoice', 'boolean'),
    col('Separate Invoice Day', 'invoice_day', 'integer'),
    col('Auto Pay Days', 'auto_pay_days', 'integer'),
    col('Bill Mode', 'bill_mode', 'enum'),
  ],
  next_bill_dates: [account, col('Next Bill Date', 'next_bill_date', 'date')],
  did_inventory: [col('DID', 'dids', 'did'), col('Rate Center ID', 'rate_center_id', 'id')],
  dids: [account, col('DID', 'did', 'did'), col('Service ID', 'service_id', 'id')],
  ip_assignments: [
    account,
    col('IP Address', 'subnet', 'subnet'),
    col('Description', 'description', 'text'),
    col('Service ID', 'service_id', 'id'),
    // Ours, after the official four (issue 7): a MAC makes a non-inventoried MAC assignment.
    col('MAC Address', 'non_inventoried_mac_address', 'text'),
  ],
};
