package bench

import (
	"strconv"
	"strings"
)

// CI and build logs: dependency pins, firmware flashes, image digests, test
// durations, job ids, build numbers, epoch timestamps, sizes and ports, as
// the tools print them. Every number has the shape of something personal
// (a dotted version reads as an IPv4, a digit run as a phone) and none is.

// pin returns a dotted version of parts parts, the last ones large enough
// to look like an address or a phone group.
// Its digits joined pass no identifier checksum.
func pin(r *rng, parts int) string {
	for {
		s := strconv.Itoa(r.between(1, 30))
		for i := 1; i < parts; i++ {
			s += "." + strconv.Itoa(r.intn(250))
		}
		if !hiddenValid(strings.ReplaceAll(s, ".", " ")) {
			return s
		}
	}
}

// num returns a number in [lo, hi] that passes no identifier checksum.
func num(r *rng, lo, hi int) string {
	for {
		s := strconv.Itoa(r.between(lo, hi))
		if !numericValid([]byte(s)) {
			return s
		}
	}
}

var ciPackages = []string{"requests", "urllib3", "numpy", "protobuf", "grpcio", "botocore", "lodash", "react-dom", "typescript", "left-pad",
	"serde", "tokio", "rand", "rake", "nokogiri", "guava", "jackson-databind", "commons-io", "netty-handler"}

// genAdvCI writes a CI job's log: steps of package managers, compilers,
// test runners and image pulls.
func genAdvCI(w *fw, target int64) {
	r := w.r
	w.clk.start(r)
	w.fill(target, func() {
		w.clk.tick(r, 300)
		if r.chance(0.5) {
			w.iso()
			w.c(' ')
		}
		p := pick(r, ciPackages)
		switch r.intn(16) {
		case 0:
			w.s("Collecting " + p + "==" + pin(r, 4) + "\n  Downloading " + p + "-" + pin(r, 4) + "-py3-none-any.whl (")
			w.dec(r.between(10, 99999), 1)
			w.s(" kB)")
		case 1:
			w.s("+ " + p + "@" + pin(r, 4) + "\nadded ")
			w.n(r.between(1, 1500))
			w.s(" packages, and audited ")
			w.n(r.between(1, 1500))
			w.s(" packages in ")
			w.dec(r.between(100, 99999), 3)
			w.s("s")
		case 2:
			w.s("[INFO] +- org.example:" + p + ":jar:" + pin(r, 4) + ":compile\n[INFO] Downloaded from central: https://repo.maven.apache.org/maven2/org/example/" + p + "/" + pin(r, 4) + "/" + p + ".jar (")
			w.n(r.between(1, 9999))
			w.s(" kB at ")
			w.dec(r.between(1, 99999), 1)
			w.s(" kB/s)")
		case 3:
			w.s("github.com/example/" + p + " v" + pin(r, 3) + " h1:")
			w.ident("", 43)
			w.s("=\ngithub.com/example/" + p + " v" + pin(r, 3) + "/go.mod h1:")
			w.ident("", 43)
			w.c('=')
		case 4:
			w.s("    " + p + " (" + pin(r, 3) + ")\n   Compiling " + p + " v" + pin(r, 3) + "\nchecksum = \"")
			w.hex(64)
			w.c('"')
		case 5:
			w.s("Flashing firmware " + pin(r, 4) + " to device ")
			w.n(r.between(1, 8))
			w.s(" ... done, fw " + pin(r, 4) + " installed, BIOS version " + pin(r, 4))
		case 6:
			w.s("<Reference Include=\"Example." + p + ", Version=" + pin(r, 4) + ", Culture=neutral, PublicKeyToken=")
			w.hex(16)
			w.s("\" /> AssemblyVersion(\"" + pin(r, 4) + "\") release " + pin(r, 4) + " rev " + pin(r, 4))
		case 7:
			w.s("Digest: sha256:")
			w.hex(64)
			w.s("\nStatus: Downloaded newer image for registry.example.com/" + p + ":" + pin(r, 3) + "\n")
			w.hex(12)
			w.s(": Pull complete")
		case 8:
			w.s("--- PASS: Test" + p + " (")
			w.dec(r.between(0, 99999), 2)
			w.s("s)\nok  \texample.com/" + p + "\t")
			w.dec(r.between(1, 999999), 3)
			w.s("s")
		case 9:
			w.s("======= ")
			w.n(r.between(1, 9999))
			w.s(" passed, ")
			w.n(r.intn(50))
			w.s(" skipped in ")
			w.dec(r.between(1, 999999), 2)
			w.s("s =======\nTests:       ")
			w.n(r.between(1, 9999))
			w.s(" passed, ")
			w.n(r.between(1, 9999))
			w.s(" total\nTime:        ")
			w.dec(r.between(1, 99999), 3)
			w.s(" s")
		case 10:
			w.s("Job ")
			w.uuid()
			w.s(" run ")
			w.s(badDigits(r, 10))
			w.s(" attempt ")
			w.n(r.between(1, 3))
			w.s(" started by workflow ")
			w.s(badDigits(r, 8))
		case 11:
			w.s("Build #")
			w.n(r.between(1, 999999))
			w.s(" finished at ")
			w.s(num(r, 1600000000, 1799999999))
			w.s(" (epoch ms ")
			w.s(num(r, 1600000000, 1799999999) + zpad(r.intn(1000), 3))
			w.s(") took ")
			w.s(num(r, 1, 9999999))
			w.s(" ms")
		case 12:
			w.s("Uploaded artifact ")
			w.s(p)
			w.s(".tar.gz: ")
			w.s(num(r, 1000, 999999999))
			w.s(" bytes, crc32 ")
			w.s(badDigits(r, 10))
			w.s(", md5 ")
			w.hex(32)
		case 13:
			w.s("Listening on 0.0.0.0:")
			w.n(r.between(1024, 65535))
			w.s(", metrics on port ")
			w.n(r.between(1024, 65535))
			w.s(", pid ")
			w.s(num(r, 100, 4194304))
		case 14:
			w.s("Downloaded https://static.crates.io/crates/" + p + "/" + p + "-" + pin(r, 3) + ".crate (")
			w.s(num(r, 1000, 9999999))
			w.s(" bytes) in ")
			w.dec(r.between(1, 99999), 3)
			w.s("s")
		default:
			w.s("Upgraded " + p + " from " + pin(r, 3) + " to v" + pin(r, 4) + " (build " + pin(r, 4) + ")")
		}
		w.nl()
	})
}
