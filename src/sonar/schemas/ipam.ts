import { z } from 'zod';

// Doc: "IPAM - Get all supernets" (sonar-v1-api.txt line 24263), "Get all subnets" (line 24104),
// "Get all IP pools" (line 23959). Read tolerantly: only the fields plan uses.

/** A supernet: a top-level network that holds subnets. */
export const supernetSchema = z.looseObject({
  id: z.number().int().describe('The id of the supernet.'),
  name: z.string().nullable().optional().describe('A descriptive name.'),
  subnet: z.string().describe('The network address and CIDR prefix.'),
});

/** A subnet of a supernet; IP assignments must fit a customer or mixed one. */
export const subnetSchema = z.looseObject({
  id: z.number().int().describe('The id of the subnet.'),
  name: z.string().nullable().optional().describe('A descriptive name.'),
  subnet: z.string().describe('The network address and CIDR prefix.'),
  type: z.string().describe('customer, infrastructure, reserved or mixed.'),
});

/** An IP pool inside a subnet: a range of addresses. */
export const ipPoolSchema = z.looseObject({
  id: z.number().int().describe('The id of the IP pool.'),
  name: z.string().nullable().optional().describe('A descriptive name.'),
  start: z.string().describe('The first address of the pool.'),
  end: z.string().describe('The last address of the pool.'),
});
