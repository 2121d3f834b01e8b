// One sample customer at a time, as plain data that each layout (sonar-importer, legacy-billing,
// dirty) renders its own way. Only counters are kept between accounts, so generation is O(1) in
// memory whatever the account count.
import { base, en, en_US, Faker } from '@faker-js/faker';
import { CITIES } from './geo.mjs';
import { BILL_MONTH, BILL_YEAR, CARD_YEAR, SONAR_IDS } from './sonar-ids.mjs';

/** The seed every sample set starts from, so each set is byte-identical on every run. */
export const SAMPLE_SEED = 42;

/** A fresh en_US faker seeded with SAMPLE_SEED. */
export function makeFaker() {
  const faker = new Faker({ locale: [en_US, en, base] });
  faker.seed(SAMPLE_SEED);
  return faker;
}

const CARD_TYPES = [
  'visa',
  'visa',
  'visa',
  'mastercard',
  'mastercard',
  'amex',
  'discover',
  'jcb',
  'dinersclub',
];
const ROLES = ['Owner', 'Spouse', 'Billing', 'Technical Contact', 'Office Manager', 'Accountant'];
const OVERRIDE_REASONS = ['Loyalty discount', 'Grandfathered rate', 'Promo: first year', 'Employee rate'];

/** Every Nth account is a parent whose two preceding accounts are its sub-accounts. */
export const PARENT_EVERY = 40;

/** YYYY-MM-DD of a day `monthOffset` months after BILL_YEAR-BILL_MONTH. */
export function billDate(monthOffset, day) {
  const total = BILL_YEAR * 12 + (BILL_MONTH - 1) + monthOffset;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  return `${year}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** @param {number} n @param {number} width */
export function pad(n, width) {
  return String(n).padStart(width, '0');
}

/**
 * A generator of sample accounts for one set.
 * @param {Faker} faker
 * @param {number} idBase the account id of account i is idBase + i
 */
export function makeAccountFactory(faker, idBase) {
  let didCounter = 0;
  let ipCounter = 0;

  /** A fictional 555-01xx number in an area code (the range reserved for fiction). */
  const phone = (npa) => `${npa}555${pad(faker.number.int({ min: 100, max: 199 }), 4)}`;

  /** @param {string} first @param {string} last */
  const email = (first, last) =>
    faker.internet.email({ firstName: first, lastName: last, provider: 'example.com' }).toLowerCase();

  const nextDid = (rateCenterId) => {
    const center = SONAR_IDS.rateCenters.find((rc) => rc.id === rateCenterId);
    didCounter += 1;
    // NXX 2xx-9xx stays a valid NANP exchange for ~8 million DIDs; the N11 service codes (211,
    // 311, … 911) are not exchanges (validate refuses them), so their 10,000 numbers are skipped.
    if (Math.floor((2_000_000 + didCounter) / 10_000) % 100 === 11) didCounter += 10_000;
    return `${center.npa}${2_000_000 + didCounter}`;
  };

  /**
   * Account number i (1-based) of the set.
   * @param {number} i
   */
  return function account(i) {
    const id = idBase + i;
    const isBusiness = faker.number.int({ min: 1, max: 100 }) <= 20;
    const first = faker.person.firstName();
    const last = faker.person.lastName();
    const company = isBusiness ? faker.company.name() : null;
    const city = faker.helpers.arrayElement(CITIES);
    const address = {
      line1: faker.location.streetAddress(),
      line2: faker.number.int({ min: 1, max: 100 }) <= 15 ? faker.location.secondaryAddress() : '',
      city: city.city,
      state: city.state,
      stateCode: city.code,
      county: city.county,
      zip: faker.helpers.arrayElement(city.zips),
      country: 'US',
      lat: Number((city.lat + faker.number.int({ min: -400, max: 400 }) / 10_000).toFixed(6)),
      lon: Number((city.lon + faker.number.int({ min: -400, max: 400 }) / 10_000).toFixed(6)),
    };
    const statusRoll = faker.number.int({ min: 1, max: 100 });
    const statusId =
      statusRoll <= 85
        ? SONAR_IDS.accountStatuses.active
        : statusRoll <= 93
          ? SONAR_IDS.accountStatuses.inactive
          : SONAR_IDS.accountStatuses.lead;
    const groups = faker.number.int({ min: 1, max: 100 }) <= 10 ? [faker.number.int({ min: 1, max: 4 })] : [];
    const subAccounts = i % PARENT_EVERY === 0 && i > 2 ? [id - 2, id - 1] : [];
    const categories = faker.helpers.arrayElement(['2,3,4,5', '2,3', '2,5', '3,4,5', '2']);
    const contact = {
      name: `${first} ${last}`,
      first,
      last,
      role: isBusiness ? 'Owner' : 'Account Holder',
      email: email(first, last),
      categories,
      work: isBusiness ? phone(city.npa) : '',
      workExt: isBusiness && faker.datatype.boolean() ? String(faker.number.int({ min: 10, max: 499 })) : '',
      home: isBusiness ? '' : phone(city.npa),
      mobile: faker.datatype.boolean() ? phone(city.npa) : '',
      fax: isBusiness && faker.number.int({ min: 1, max: 100 }) <= 20 ? phone(city.npa) : '',
    };
    const extraContacts = [];
    const extras = faker.helpers.weightedArrayElement([
      { weight: 6, value: 0 },
      { weight: 3, value: 1 },
      { weight: 1, value: 2 },
    ]);
    for (let n = 0; n < extras; n += 1) {
      const cf = faker.person.firstName();
      const cl = n === 0 && !isBusiness ? last : faker.person.lastName();
      const portal = faker.number.int({ min: 1, max: 100 }) <= 35;
      extraContacts.push({
        name: `${cf} ${cl}`,
        first: cf,
        last: cl,
        role: faker.helpers.arrayElement(ROLES),
        email: email(cf, cl),
        work: faker.datatype.boolean() ? phone(city.npa) : '',
        workExt: '',
        home: '',
        mobile: phone(city.npa),
        fax: '',
        categories: faker.helpers.arrayElement(['2', '3,5', '4,5', '']),
        username: portal ? `${cf}${cl}${faker.number.int({ min: 10, max: 99 })}`.toLowerCase() : '',
        password: portal ? faker.internet.password({ length: 14 }) : '',
      });
    }
    const mailing =
      faker.number.int({ min: 1, max: 100 }) <= 30
        ? {
            line1: `PO Box ${faker.number.int({ min: 100, max: 9999 })}`,
            line2: '',
            city: address.city,
            state: address.state,
            stateCode: address.stateCode,
            county: address.county,
            zip: address.zip,
            country: 'US',
          }
        : null;
    const payRoll = faker.number.int({ min: 1, max: 100 });
    const nameOnPayment = company ?? `${first} ${last}`;
    const card =
      payRoll <= 45
        ? {
            profileId: `cus_${faker.string.alphanumeric(14)}`,
            token: `tok_${faker.string.alphanumeric(24)}`,
            last4: faker.string.numeric(4),
            expYear: CARD_YEAR + faker.number.int({ min: 0, max: 5 }),
            expMonth: pad(faker.number.int({ min: 1, max: 12 }), 2),
            auto: faker.number.int({ min: 1, max: 100 }) <= 80,
            type: faker.helpers.arrayElement(CARD_TYPES),
            nameOnCard: `${first} ${last}`,
            street: address.line1,
            city: address.city,
            state: address.state,
            stateCode: address.stateCode,
            zip: address.zip,
            country: 'US',
          }
        : null;
    const bank =
      payRoll > 45 && payRoll <= 60
        ? {
            profileId: `cus_${faker.string.alphanumeric(14)}`,
            token: `btok_${faker.string.alphanumeric(24)}`,
            last4: faker.string.numeric(4),
            auto: true,
            name: nameOnPayment,
          }
        : null;
    const billDay = faker.number.int({ min: 1, max: 28 });
    const billing = {
      billDay,
      dueDays: faker.helpers.arrayElement([14, 21, 30]),
      graceDays: faker.helpers.arrayElement([0, 0, 3, 5, 7]),
      graceUntil: faker.number.int({ min: 1, max: 100 }) <= 3 ? billDate(2, billDay) : '',
      monthsToBill: 1,
      taxExempt: isBusiness && faker.number.int({ min: 1, max: 100 }) <= 15,
      printInvoice: faker.number.int({ min: 1, max: 100 }) <= 20,
      separateInvoiceDay:
        faker.number.int({ min: 1, max: 100 }) <= 5 ? faker.number.int({ min: 1, max: 28 }) : '',
      autoPayDays: card?.auto || bank ? faker.helpers.arrayElement([0, 3, 5]) : 0,
      billMode: faker.number.int({ min: 1, max: 100 }) <= 90 ? 'invoice' : 'statement',
    };
    const nextBillDate = billDate(faker.number.int({ min: 0, max: 2 }), billDay);

    const services = [];
    const multi = !isBusiness && faker.number.int({ min: 1, max: 100 }) <= 10;
    if (multi) {
      const plan = faker.helpers.arrayElement(SONAR_IDS.services.multiMonth);
      services.push(service(plan.id, billDate(faker.number.int({ min: 1, max: plan.months - 1 }), billDay)));
    } else {
      const ids = isBusiness ? SONAR_IDS.services.businessData : SONAR_IDS.services.residentialData;
      services.push(service(faker.helpers.arrayElement(ids), ''));
    }
    const dataServiceId = services[0].serviceId;
    let voice = null;
    if (city.rateCenterId !== null && faker.number.int({ min: 1, max: 100 }) <= 35) {
      const lines = isBusiness ? faker.number.int({ min: 1, max: 3 }) : 1;
      const serviceId = isBusiness ? SONAR_IDS.services.businessVoice : SONAR_IDS.services.residentialVoice;
      const dids = [];
      for (let n = 0; n < lines; n += 1) dids.push(nextDid(city.rateCenterId));
      voice = { serviceId, rateCenterId: city.rateCenterId, dids };
      services.push({ ...service(serviceId, ''), quantity: lines });
    }
    // A spare, unassigned DID now and then: real inventories hold more numbers than customers.
    const spareDid =
      city.rateCenterId !== null && faker.number.int({ min: 1, max: 100 }) <= 10
        ? { did: nextDid(city.rateCenterId), rateCenterId: city.rateCenterId }
        : null;
    let ip = null;
    if (faker.number.int({ min: 1, max: 100 }) <= (isBusiness ? 40 : 4)) {
      ipCounter += 1;
      // 100.64.0.0/10 (shared address space) holds ~4 million addresses: enough for any benchmark.
      const n = ipCounter + 256;
      ip = {
        address: `100.${64 + Math.floor(n / 65_536)}.${Math.floor(n / 256) % 256}.${n % 256}`,
        description: faker.helpers.arrayElement(['Static IP: CPE', 'Static IP: router WAN', 'Camera NVR']),
        serviceId: dataServiceId,
      };
      services.push(service(SONAR_IDS.services.staticIp, ''));
    }
    if (faker.number.int({ min: 1, max: 100 }) <= 12)
      services.push(service(SONAR_IDS.services.routerRental, ''));

    return {
      i,
      id,
      isBusiness,
      name: company ?? `${first} ${last}`,
      first,
      last,
      company,
      typeId: isBusiness ? SONAR_IDS.accountTypes.commercial : SONAR_IDS.accountTypes.residential,
      statusId,
      groups,
      subAccounts,
      address,
      contact,
      extraContacts,
      mailing,
      card,
      bank,
      billing,
      nextBillDate,
      services,
      voice,
      spareDid,
      ip,
      customerSince: `${pad(faker.number.int({ min: 1, max: 12 }), 2)}/${pad(faker.number.int({ min: 1, max: 28 }), 2)}/${faker.number.int({ min: 2008, max: 2025 })}`,
    };

    /** @param {number} serviceId @param {string} next */
    function service(serviceId, next) {
      const override = faker.number.int({ min: 1, max: 100 }) <= 8;
      return {
        serviceId,
        priceOverride: override ? faker.helpers.arrayElement(['39.99', '44.99', '0.00', '54.99']) : '',
        reason: override ? faker.helpers.arrayElement(OVERRIDE_REASONS) : '',
        quantity: 1,
        nextBillDate: next,
      };
    }
  };
}
