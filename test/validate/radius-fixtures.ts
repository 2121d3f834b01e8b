/** A radgroupreply export: two groups whose rows interleave, as FreeRADIUS exports them by id. */
export const replyCsv = [
  'id,groupname,attribute,op,value',
  '1,Residential 25M,Mikrotik-Rate-Limit,:=,25M/5M',
  '2,Business 100M,Mikrotik-Rate-Limit,:=,100M/100M',
  '3,Residential 25M,Acct-Interim-Interval,=,300',
  '4,Business 100M,Framed-Pool,+=,business',
  '',
].join('\n');

/** The settings of both groups: one by id lists, one by names. */
export const settingsCsv = [
  'groupname,priority,delinquent,active,fall_through,services,account_types,account_groups,account_statuses',
  'Residential 25M,10,3,any,yes,,1,,',
  'Business 100M,20,2,1,no,,2,,',
  '',
].join('\n');
