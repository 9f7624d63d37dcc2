package patterns

import "testing"

// TestMachineContextIsNotPersonal: dotted versions and machine numbers,
// one line per class, yield nothing; the addresses and phones of the same
// logs are still found.
func TestMachineContextIsNotPersonal(t *testing.T) {
	c := testCatalog(t, Options{})
	quiet := []string{
		"Collecting somelib==4.12.7.118",
		"Collecting somelib==14.12.71.118",
		"requests>=2.31.0.1 and idna~=3.10.1.2",
		"+ left-pad@1.2.3.4",
		"+ left-pad@10.20.30.40",
		"[INFO] +- org.example:core:jar:1.2.3.4:compile",
		"firmware 3.20.41.77 installed",
		"fw 10.2.1.34 flashed",
		"Version=4.0.0.0, Culture=neutral",
		"Version=14.0.0.0, Culture=neutral",
		`[assembly: AssemblyVersion("4.0.0.0")]`,
		"min_version: 10.12.3.4",
		"upgraded to v10.2.3.4 today",
		"release 12.34.56.78 done",
		"rev 1.22.33.44 built",
		"build 51.12.23.34 passed",
		"    rake (22.139.66)",
		"Upgraded from 22.139.66 to 23.1.2",
		"Status: Downloaded newer image for example/app:24.231.236",
		"firmware 32.120.41.775",
		"10.2.300.4",
		"Digest: sha256:0612345678901234567890123456789012345678901234567890123456789012",
		"commit 0612345678abcdef0612345678abcdef06123456",
		"job 0612345678 finished, call the on-call phone if it fails",
		"build 0612345678 took 0612345 ms",
		"took 0612345678 ms",
		"elapsed 06123456789ms",
		"--- PASS: TestPhone (0612345678.12s)",
		"ts=1701234567 event=start",
		"ts=1701234567890 event=start",
		"size 0612345678 bytes",
		"Listening on :8080, port 0612345678",
		"checksum 0612345678 ok",
		"Tests: 0612345678 passed, 0612345678 total",
	}
	for _, line := range quiet {
		if got, _ := c.Find([]byte(line), testMinConf); len(got) > 0 {
			t.Errorf("%q: want nothing, got %s", line, describe(line, got))
		}
	}
	found := map[string]string{
		"client 203.0.113.42 connected":               "ipv4",
		"Accepted publickey for deploy from 10.1.2.3": "ipv4",
		"from 10.1.2.3 port 22":                       "ipv4",
		"relay=mx.example.net[198.51.100.7]:25":       "ipv4",
		"server 198.51.100.7 refused":                 "ipv4",
		"Tel. 06.12.34.56.78":                         "phone",
		"call 415.555.2671":                           "phone",
	}
	for line, id := range found {
		if got, _ := c.Find([]byte(line), testMinConf); !hasType(got, id) {
			t.Errorf("%q: want %s, got %s", line, id, describe(line, got))
		}
	}
}
