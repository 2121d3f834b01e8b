// THE ids the samples use for records that must already exist in Sonar. They are aligned with the
// simulator's seed (src/simulator/seed.ts): change them together. Everything else in the samples
// (account ids, DIDs, IPs) is created by the migration itself.

/** Sonar ids the sample data refers to; each must exist in the simulator's seed. */
export const SONAR_IDS = {
  accountTypes: { residential: 1, commercial: 2 },
  accountStatuses: { lead: 1, active: 2, inactive: 3 },
  accountGroups: { latePayers: 1, employees: 2, friends: 3, towerHosts: 4 },
  addressTypes: { mailing: 2 },
  emailCategories: { financial: 2, general: 3, services: 4, outage: 5 },
  services: {
    residentialData: [1, 2, 3],
    businessData: [4],
    residentialVoice: 10,
    businessVoice: 11,
    // Multi-month data services: 20 bills every 6 months, 21 every 12 (their rows carry a next bill date).
    multiMonth: [
      { id: 20, months: 6 },
      { id: 21, months: 12 },
    ],
    routerRental: 25,
    staticIp: 50,
  },
  // Rate centers and the area code their DIDs get.
  rateCenters: [
    { id: 1, name: 'Green Bay, WI', npa: '920' },
    { id: 2, name: 'Appleton, WI', npa: '920' },
    { id: 3, name: 'Austin, TX', npa: '512' },
    { id: 4, name: 'Buffalo, NY', npa: '716' },
  ],
};

// Fixed dates, never "now", so every run writes the same bytes. Next bill dates fall in the
// months after BILL_YEAR-BILL_MONTH; bump these when they drift into the past.
/** The first month next bill dates fall in. */
export const BILL_YEAR = 2030;
/** 1-based month of BILL_YEAR. */
export const BILL_MONTH = 1;
/** The earliest card expiry year (expiries run to +5). */
export const CARD_YEAR = 2031;
/** The date written into XLSX metadata. */
export const WORKBOOK_DATE = new Date(Date.UTC(2026, 0, 1));

/** The account id the first account of a set gets; the id of account i is base + i. */
export const ACCOUNT_ID_BASE = { 'sonar-importer': 10000, 'legacy-billing': 40000, dirty: 70000 };
