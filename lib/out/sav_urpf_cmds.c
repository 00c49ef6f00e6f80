/* SPDX-License-Identifier: ISC */
/* sav_urpf_cmds.c - uRPF interface commands per vendor, where a uRPF mode
 * suffices: strict mode on a customer interface when strict uRPF allows
 * every source the chosen method allows (no legitimate traffic lost; RFC
 * 3704 section 2.2), loose mode on lateral peer and provider interfaces
 * (RFC 8704's recommendations), and for the other customers a comment that the
 * ACL is needed instead (strict would drop multihomed traffic). */
#include "out/sav_out.h"

enum vendor { V_IOS, V_IOSXR, V_JUNOS, V_ARISTA, V_NOKIA };

/* [vendor][0 strict, 1 loose]: the interface block, %s the interface. */
static const char *const cmds[][2] = {
    [V_IOS] = {"interface %s\n ip verify unicast source reachable-via rx\n"
               " ipv6 verify unicast source reachable-via rx\n!\n",
               "interface %s\n ip verify unicast source reachable-via any\n"
               " ipv6 verify unicast source reachable-via any\n!\n"},
    [V_IOSXR] = {"interface %s\n ipv4 verify unicast source reachable-via rx\n"
                 " ipv6 verify unicast source reachable-via rx\n!\n",
                 "interface %s\n ipv4 verify unicast source reachable-via any\n"
                 " ipv6 verify unicast source reachable-via any\n!\n"},
    [V_JUNOS] = {"set interfaces %1$s family inet rpf-check\n"
                 "set interfaces %1$s family inet6 rpf-check\n",
                 "set interfaces %1$s family inet rpf-check mode loose\n"
                 "set interfaces %1$s family inet6 rpf-check mode loose\n"},
    [V_ARISTA] = {"interface %s\n   ip verify unicast source reachable-via rx\n"
                  "   ipv6 verify unicast source reachable-via rx\n!\n",
                  "interface %s\n   ip verify unicast source reachable-via any\n"
                  "   ipv6 verify unicast source reachable-via any\n!\n"},
    [V_NOKIA] = {"configure router interface \"%1$s\" urpf-check mode strict\n"
                 "configure router interface \"%1$s\" ipv6 urpf-check mode strict\n",
                 "configure router interface \"%1$s\" urpf-check mode loose\n"
                 "configure router interface \"%1$s\" ipv6 urpf-check mode loose\n"},
};

static const char *const comment[] = {"!", "!", "#", "!", "#"};

static int write_urpf(FILE *f, const struct sav_out_doc *d, enum vendor v)
{
	sav_out_banner(f, comment[v], d);
	for (size_t i = 0; i < d->n; i++) {
		const struct sav_out_filter *x = &d->f[i];
		const char *ifname = x->nb->interface;
		bool customer = sav_out_filtered(x);
		fprintf(f, "%s %s AS%u (%s)", comment[v], x->nb->name, x->nb->asn,
		        sav_relation_name(x->nb->rel));
		if (customer && !(x->strict_known && x->strict_ok)) {
			fprintf(f, ": %s; use the %s ACL instead\n",
			        x->strict_known ? "strict uRPF would drop legitimate sources"
			                        : "no RIB given, strict uRPF not checked",
			        sav_method_name(d->method));
			continue;
		}
		fprintf(f, ": %s uRPF suffices\n", customer ? "strict" : "loose");
		fprintf(f, cmds[v][customer ? 0 : 1], ifname);
	}
	return 0;
}

static int urpf_ios(FILE *f, const struct sav_out_doc *d)
{
	return write_urpf(f, d, V_IOS);
}
static int urpf_iosxr(FILE *f, const struct sav_out_doc *d)
{
	return write_urpf(f, d, V_IOSXR);
}
static int urpf_junos(FILE *f, const struct sav_out_doc *d)
{
	return write_urpf(f, d, V_JUNOS);
}
static int urpf_arista(FILE *f, const struct sav_out_doc *d)
{
	return write_urpf(f, d, V_ARISTA);
}
static int urpf_nokia(FILE *f, const struct sav_out_doc *d)
{
	return write_urpf(f, d, V_NOKIA);
}

const struct sav_writer sav_writer_urpf_ios = {"urpf-ios", "uRPF interface commands, IOS", true,
                                               urpf_ios};
const struct sav_writer sav_writer_urpf_iosxr = {"urpf-iosxr", "uRPF interface commands, IOS XR",
                                                 true, urpf_iosxr};
const struct sav_writer sav_writer_urpf_junos = {"urpf-junos", "uRPF interface commands, Junos",
                                                 true, urpf_junos};
const struct sav_writer sav_writer_urpf_arista = {"urpf-arista", "uRPF interface commands, EOS",
                                                  true, urpf_arista};
const struct sav_writer sav_writer_urpf_nokia = {"urpf-nokia", "uRPF interface commands, SR OS",
                                                 true, urpf_nokia};
