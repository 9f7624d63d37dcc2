package patterns

import (
	"bytes"
	"net/netip"
)

// ipFamily is network identifiers: IPv4, IPv6 and MAC addresses.
func ipFamily() Family {
	return Family{
		Types: []*Type{
			{ID: "ipv4", Category: CategoryOnlineIdentifier, Description: "IPv4 address", Validator: "parsed (net/netip); loopback, unspecified, broadcast and version-like dotted numbers dropped",
				Check: checkIPv4, Normalize: normIP, Mask: maskIPv4, Keywords: kwIP, Numeric: true,
				Examples: []string{"client 203.0.113.42 connected", "remote_addr=198.51.100.7", "from 10.1.2.3 port 22"},
				NotExamples: []string{"bind 127.0.0.1", "version 1.2.3.4", "oid 1.3.6.1.4.1", "0.0.0.0",
					"somelib==4.12.7.118", "pkg@1.2.3.4", "firmware 3.20.41.77 installed", "Version=4.0.0.0", "v10.2.3.4", "com.example:core:1.2.3.4", "10.2.300.4"}},
			{ID: "ipv6", Category: CategoryOnlineIdentifier, Description: "IPv6 address", Validator: "parsed (net/netip)",
				Check: checkIPv6, Normalize: normIP, Mask: maskKeepFirstLast(4, 0), Keywords: kwIP,
				Examples:    []string{"client 2001:db8:85a3::8a2e:370:7334 connected", "ip=2a00:1450:4007:80e::200e"},
				NotExamples: []string{"::1", "at 12:30:45", "std::vector", "a::b"}},
			{ID: "mac_address", Category: CategoryOnlineIdentifier, Description: "MAC address", Validator: "shape; all-zero, broadcast and multicast dropped",
				Check: checkMAC, Normalize: normMAC, Mask: maskKeepFirstLast(8, 0), Keywords: kwMAC,
				Examples:    []string{"device 3c:22:fb:8a:11:0e joined", "HWaddr 00-1A-2B-3C-4D-5E"},
				NotExamples: []string{"ff:ff:ff:ff:ff:ff", "00:00:00:00:00:00"}},
		},
		Detectors: []Detector{
			{`\b(?:[0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}\b|\b(?:[0-9A-Fa-f]{2}-){5}[0-9A-Fa-f]{2}\b|\b[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\b`, []string{"mac_address"}, "", 0, 90},
			// IPv6: the full eight groups, or a compressed form (it has "::").
			// Times like 10:00:00 have neither, and stay out of the candidates.
			{`\b(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}\b|` +
				`(?:\b[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6})?::(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6}(?::(?:\d{1,3}\.){3}\d{1,3})?\b|(?:\d{1,3}\.){3}\d{1,3}\b)?`, []string{"ipv6"}, "", 0, 100},
			{`\b(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\b`, []string{"ipv4"}, "", 0, 110},
		},
		Fields: []FieldRule{
			{Names: []string{"ip", "ip_address", "ipaddress", "ip_addr", "client_ip", "remote_ip", "remote_addr", "source_ip", "src_ip"},
				Types: []string{"ipv4", "ipv6"}},
			{Names: []string{"mac", "mac_address"}, Types: []string{"mac_address"}},
		},
	}
}

var (
	kwIP  = []string{"ip", "ipv4", "ipv6", "addr", "address", "client", "remote", "src", "dst", "source", "host", "from", "adresse", "dirección", "indirizzo", "adres"}
	kwMAC = []string{"mac", "hwaddr", "ether", "bssid", "hardware", "device", "adresse", "wlan", "wifi"}
)

func checkIPv4(v []byte, env *Env) (Span, float64, bool) {
	if glued(env) || versionContext(env) {
		return Span{}, 0, false
	}
	a, err := netip.ParseAddr(string(v))
	if err != nil || a.IsLoopback() || a.IsUnspecified() || a.IsMulticast() || a == netip.AddrFrom4([4]byte{255, 255, 255, 255}) {
		return Span{}, 0, false
	}
	if a.IsPrivate() || a.IsLinkLocalUnicast() {
		return whole(v), 0.6, true
	}
	return whole(v), 0.75, true
}

func checkIPv6(v []byte, env *Env) (Span, float64, bool) {
	if bytes.Count(v, []byte(":")) < 2 {
		return Span{}, 0, false
	}
	// "std::vector", "Foo::Bar": an identifier glued before or after.
	if b := env.Before; len(b) > 0 && (isAlnum(b[len(b)-1]) || b[len(b)-1] == '_') {
		return Span{}, 0, false
	}
	if a := env.After; len(a) > 0 && (isAlnum(a[0]) || a[0] == '_' || a[0] == ':') {
		return Span{}, 0, false
	}
	a, err := netip.ParseAddr(string(v))
	if err != nil || !a.Is6() || a.IsLoopback() || a.IsUnspecified() || a.IsMulticast() {
		return Span{}, 0, false
	}
	// Short forms like "a::b" or "12::30" are more often code or times.
	hex := 0
	for _, c := range v {
		if c != ':' {
			hex++
		}
	}
	if hex < 6 {
		return Span{}, 0, false
	}
	if a.IsPrivate() || a.IsLinkLocalUnicast() {
		return whole(v), 0.6, true
	}
	return whole(v), 0.75, true
}

func checkMAC(v []byte, env *Env) (Span, float64, bool) {
	d := compact(env.Buf[:0], v)
	if len(d) != 12 {
		return Span{}, 0, false
	}
	allSame := true
	for _, c := range d[1:] {
		if c != d[0] {
			allSame = false
		}
	}
	if allSame {
		return Span{}, 0, false
	}
	// Multicast addresses (first octet odd) name groups, not devices.
	if hexVal(d[1])&1 == 1 {
		return Span{}, 0, false
	}
	return whole(v), 0.7, true
}

func hexVal(c byte) byte {
	switch {
	case isDigit(c):
		return c - '0'
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10
	}
	return 0
}

func normIP(dst, v []byte, env *Env) []byte {
	a, err := netip.ParseAddr(string(v))
	if err != nil {
		return append(dst, v...)
	}
	return a.AppendTo(dst)
}

func normMAC(dst, v []byte, env *Env) []byte {
	d := compact(env.Buf[:0], v)
	for i, c := range d {
		if i > 0 && i%2 == 0 {
			dst = append(dst, ':')
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// maskIPv4 keeps the first octet: 203.*.*.*.
func maskIPv4(v []byte) string {
	i := bytes.IndexByte(v, '.')
	if i < 0 {
		return maskRunes(v, 0, 0)
	}
	return string(v[:i]) + ".*.*.*"
}
