/* SPDX-License-Identifier: ISC */
/* lab_contacts.h - the lab's contacts: role objects and aut-num contact
 * attributes in irr-contacts.db (source LAB-RIR: irr.db stays as it was)
 * and PeeringDB records in peeringdb.json (the API's net, poc, ix, ixlan and
 * netixlan objects), and CAIDA Spoofer results in spoofer.csv. Some ASes deliberately lack contacts
 * or publish broken ones; which, is the truth lab_contacts_plan returns. The plan is a hash of the
 * seed and the ASN, not a draw from the lab's random stream, so every other lab file stays byte for
 * byte what it was. */
#ifndef MANRS_LAB_CONTACTS_H
#define MANRS_LAB_CONTACTS_H

#include <stdio.h>

#include "lab/lab.h"

enum lab_irr_contact {
	LAB_IRRC_OK,        /* admin-c/tech-c/abuse-c resolve to a role with a valid e-mail */
	LAB_IRRC_NONE,      /* no contact attributes at all */
	LAB_IRRC_BAD_EMAIL, /* the role's e-mail is not an address */
	LAB_IRRC_DANGLING,  /* the handles name no object */
};

enum lab_pdb_contact {
	LAB_PDBC_OK,        /* net + public NOC poc with e-mail and phone */
	LAB_PDBC_NO_NET,    /* no PeeringDB record at all */
	LAB_PDBC_NO_POC,    /* net without poc */
	LAB_PDBC_BAD_EMAIL, /* public poc, e-mail invalid, phone present */
	LAB_PDBC_PRIVATE,   /* valid e-mail and phone, but visible only to users... "Private" */
	LAB_PDBC_NO_PHONE,  /* public poc, valid e-mail, no phone */
};

struct lab_contacts {
	enum lab_irr_contact irr;
	enum lab_pdb_contact pdb;
};

/* The contacts planned for AS index i. */
void lab_contacts_plan(const struct lab *lab, size_t i, struct lab_contacts *c);

/* The PeeringDB ix id of the lab's exchange (members: the tier 1s and the
 * collector peers; its route server is the collector's AS). */
#define LAB_IX_ID 1

/* CAIDA Spoofer tests planned for AS index i (spoofer.csv): *tests run from
 * distinct /24s of its block, the first *spoofable of them got spoofed
 * packets through. Both 0 for ASes never tested (three in four). */
void lab_spoofer_plan(const struct lab *lab, size_t i, unsigned *tests, unsigned *spoofable);

int lab_write_irr_contacts(const struct lab *lab, FILE *f, struct err *e);
int lab_write_spoofer(const struct lab *lab, FILE *f, struct err *e);
int lab_write_peeringdb(const struct lab *lab, FILE *f, struct err *e);

#endif
