#!/usr/bin/python3
# SPDX-License-Identifier: ISC
# Send UDP packets with chosen (possibly spoofed) source addresses, built
# with scapy and written to raw IPPROTO_RAW sockets (the kernel routes them
# but keeps our header). Each payload is "id=NAME". Usage:
#   sav_send.py DST4 DST6 NAME=SRC [NAME=SRC...]
import socket
import sys

from scapy.all import IP, UDP, IPv6, Raw

PORT = 9999


def send(dst, name, src):
    if ":" in src:
        pkt = IPv6(src=src, dst=dst) / UDP(sport=40000, dport=PORT) / Raw(b"id=" + name.encode())
        s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_RAW)
        s.sendto(bytes(pkt), (dst, 0))
    else:
        pkt = IP(src=src, dst=dst) / UDP(sport=40000, dport=PORT) / Raw(b"id=" + name.encode())
        s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
        s.sendto(bytes(pkt), (dst, 0))
    s.close()


def main():
    dst4, dst6 = sys.argv[1], sys.argv[2]
    for arg in sys.argv[3:]:
        name, src = arg.split("=", 1)
        send(dst6 if ":" in src else dst4, name, src)


main()
