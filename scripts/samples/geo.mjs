// Real US cities with their real county (named as the simulator's seed names it), ZIP codes,
// coordinates and area code. Cities served by a seed rate center carry its id, so voice accounts
// get DIDs from a rate center near them.

/**
 * @typedef {object} City
 * @property {string} city
 * @property {string} state full subdivision name, as Sonar's /_data/subdivisions/US lists it
 * @property {string} code USPS code
 * @property {string} county as Sonar's /_data/counties lists it
 * @property {string[]} zips
 * @property {number} lat
 * @property {number} lon
 * @property {string} npa area code
 * @property {number | null} rateCenterId the seed rate center for voice, or null (no voice here)
 */

/** @type {City[]} */
export const CITIES = [
  c('Green Bay', 'Wisconsin', 'WI', 'Brown Co.', ['54301', '54302', '54304'], 44.5133, -88.0133, '920', 1),
  c('De Pere', 'Wisconsin', 'WI', 'Brown Co.', ['54115'], 44.4489, -88.0604, '920', 1),
  c('Appleton', 'Wisconsin', 'WI', 'Outagamie Co.', ['54911', '54913', '54914'], 44.2619, -88.4154, '920', 2),
  c('Oshkosh', 'Wisconsin', 'WI', 'Winnebago Co.', ['54901', '54902'], 44.0247, -88.5426, '920', 2),
  c('Madison', 'Wisconsin', 'WI', 'Dane Co.', ['53703', '53704', '53711'], 43.0731, -89.4012, '608', 2),
  c('Eau Claire', 'Wisconsin', 'WI', 'Eau Claire Co.', ['54701', '54703'], 44.8113, -91.4985, '715', null),
  c('Wausau', 'Wisconsin', 'WI', 'Marathon Co.', ['54401', '54403'], 44.9591, -89.6301, '715', null),
  c('Austin', 'Texas', 'TX', 'Travis Co.', ['78701', '78704', '78745'], 30.2672, -97.7431, '512', 3),
  c('Round Rock', 'Texas', 'TX', 'Williamson Co.', ['78664', '78681'], 30.5083, -97.6789, '512', 3),
  c('San Antonio', 'Texas', 'TX', 'Bexar Co.', ['78205', '78209'], 29.4241, -98.4936, '210', null),
  c('Houston', 'Texas', 'TX', 'Harris Co.', ['77002', '77006'], 29.7604, -95.3698, '713', null),
  c('Buffalo', 'New York', 'NY', 'Erie Co.', ['14201', '14209', '14214'], 42.8864, -78.8784, '716', 4),
  c('Rochester', 'New York', 'NY', 'Monroe Co.', ['14607', '14620'], 43.1566, -77.6088, '585', 4),
  c('Ithaca', 'New York', 'NY', 'Tompkins Co.', ['14850'], 42.444, -76.5019, '607', null),
  c('Syracuse', 'New York', 'NY', 'Onondaga Co.', ['13202', '13210'], 43.0481, -76.1474, '315', null),
  c('Minneapolis', 'Minnesota', 'MN', 'Hennepin Co.', ['55401', '55408'], 44.9778, -93.265, '612', null),
  c('Rochester', 'Minnesota', 'MN', 'Olmsted Co.', ['55901', '55902'], 44.0121, -92.4802, '507', null),
  c('Duluth', 'Minnesota', 'MN', 'St. Louis Co.', ['55802', '55805'], 46.7867, -92.1005, '218', null),
  c('Ann Arbor', 'Michigan', 'MI', 'Washtenaw Co.', ['48103', '48104'], 42.2808, -83.743, '734', null),
  c('Grand Rapids', 'Michigan', 'MI', 'Kent Co.', ['49503', '49506'], 42.9634, -85.6681, '616', null),
  c('Lansing', 'Michigan', 'MI', 'Ingham Co.', ['48910', '48912'], 42.7325, -84.5555, '517', null),
];

/**
 * @param {string} city @param {string} state @param {string} code @param {string} county
 * @param {string[]} zips @param {number} lat @param {number} lon @param {string} npa
 * @param {number | null} rateCenterId
 * @returns {City}
 */
function c(city, state, code, county, zips, lat, lon, npa, rateCenterId) {
  return { city, state, code, county, zips, lat, lon, npa, rateCenterId };
}
