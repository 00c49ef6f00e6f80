/* SPDX-License-Identifier: ISC */
/* route_event.c - names of route event types. */
#include "detect/route_event.h"

const char *route_event_type_name(enum route_event_type t)
{
	switch (t) {
	case ROUTE_EV_ANNOUNCE:
		return "announce";
	case ROUTE_EV_WITHDRAW:
		return "withdraw";
	case ROUTE_EV_PEER_DOWN:
		return "peer-down";
	}
	return "unknown";
}
