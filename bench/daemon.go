package bench

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// IndexRow is the daemon on one profile: how fast it indexes the profile's
// files from an empty index, and how fast it answers subject searches over
// the index it built.
type IndexRow struct {
	Profile     string  `json:"profile"`
	Bytes       int64   `json:"bytes"`
	Files       int     `json:"files"`
	Findings    int64   `json:"findings"`
	MBps        Stat    `json:"mb_per_s"`
	ScanMBps    Stat    `json:"scan_mb_per_s"` // piid scan, all cores, same files
	PeakRSSMiB  float64 `json:"peak_rss_mib"`
	PeakAnonMiB float64 `json:"peak_anon_rss_mib"` // RssAnon, sampled
	Searches    int     `json:"searches"`
	SearchP50   float64 `json:"search_p50_ms"`
	SearchP99   float64 `json:"search_p99_ms"`
	// The identifier planted most often: its occurrences and the median
	// of three searches for it.
	HeaviestOccurrences int     `json:"heaviest_occurrences,omitempty"`
	HeaviestMs          float64 `json:"heaviest_search_ms,omitempty"`
	// NotIdle: the daemon was still busy (or its CPU time unreadable)
	// when the searches began (waitQuiet).
	NotIdle bool `json:"not_idle,omitempty"`
}

// daemon is a running `piid serve` with its own data folder.
type daemon struct {
	cmd   *exec.Cmd
	data  string
	url   string
	token string
	// peakAnon and peakFile are the largest anonymous and file-backed
	// resident sets (RssAnon, RssFile; KiB) seen by a sampler every 100
	// ms: the Go heap and Badger's memtables, and the mapped tables and
	// value log that VmHWM also counts.
	peakAnon  atomic.Int64
	peakFile  atomic.Int64
	stopWatch chan struct{}
}

// startDaemon starts `piid serve` on dir with an empty data folder and
// waits until it serves.
func startDaemon(ctx context.Context, bin, dir string) (*daemon, error) {
	data, err := os.MkdirTemp("", "piid-bench-index-")
	if err != nil {
		return nil, err
	}
	d := &daemon{data: data}
	key := filepath.Join(data, "hash.key")
	if err := os.WriteFile(key, []byte(strings.Repeat("k", 32)), 0o600); err != nil {
		d.stop()
		return nil, err
	}
	d.cmd = exec.CommandContext(ctx, bin, "serve", "--watch", dir, "--data", filepath.Join(data, "d"), "--listen", "127.0.0.1:0",
		"--hash-key-file", key, "--log-format", "json", "--log-level", "info")
	stderr, err := d.cmd.StderrPipe()
	if err != nil {
		d.stop()
		return nil, err
	}
	if err := d.cmd.Start(); err != nil {
		d.cmd = nil
		d.stop()
		return nil, err
	}
	urlc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var rec struct{ Msg, URL string }
			if json.Unmarshal(sc.Bytes(), &rec) == nil && rec.Msg == "serving" {
				urlc <- rec.URL
			}
		}
	}()
	select {
	case d.url = <-urlc:
	case <-time.After(60 * time.Second):
		d.stop()
		return nil, fmt.Errorf("the daemon did not start")
	}
	tok, err := os.ReadFile(filepath.Join(data, "d", "token"))
	if err != nil {
		d.stop()
		return nil, err
	}
	d.token = strings.TrimSpace(string(tok))
	d.stopWatch = make(chan struct{})
	go d.watchRSS(d.cmd.Process.Pid, d.stopWatch)
	return d, nil
}

func (d *daemon) watchRSS(pid int, stop <-chan struct{}) {
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		d.peakAnon.Store(max(d.peakAnon.Load(), procStatus(pid, "RssAnon:")))
		d.peakFile.Store(max(d.peakFile.Load(), procStatus(pid, "RssFile:")))
		select {
		case <-stop:
			return
		case <-t.C:
		}
	}
}

// peakAnonMiB is the largest RssAnon seen so far, in MiB.
func (d *daemon) peakAnonMiB() float64 { return float64(d.peakAnon.Load()) / 1024 }

// peakFileMiB is the largest RssFile seen so far, in MiB.
func (d *daemon) peakFileMiB() float64 { return float64(d.peakFile.Load()) / 1024 }

func (d *daemon) stop() {
	if d.stopWatch != nil {
		close(d.stopWatch)
		d.stopWatch = nil
	}
	if d.cmd != nil {
		d.cmd.Process.Signal(syscall.SIGTERM)
		d.cmd.Wait()
	}
	os.RemoveAll(d.data)
}

// indexed reports whether the daemon has indexed (or found unchanged) at
// least files files and has nothing queued, with its findings count.
func (d *daemon) indexed(files int) (bool, int64) {
	m, err := metrics(d.url)
	if err != nil {
		return false, 0
	}
	done := int(m["piid_scanned_files_total"]+m["piid_unchanged_files_total"]) >= files && m["piid_queue_length"] == 0
	return done, int64(m["piid_index_findings"])
}

// waitIndexed waits until indexed(files).
func (d *daemon) waitIndexed(ctx context.Context, files int) (int64, error) {
	for {
		if ok, n := d.indexed(files); ok {
			return n, nil
		}
		if ctx.Err() != nil {
			return 0, ctx.Err()
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitQuiet waits until the daemon is idle: less than a tenth of a CPU
// over quietWindow, after indexing, while the compaction of postings
// that follows the last file (and Badger's flushes) finishes: ~0.5 s of
// both cores at 10M findings, during which searches compete with it
// (first 300 searches at once: p99 10–26 ms, by hand; 3–5 ms after). It
// reports false when it gave up: after a minute, or when the daemon's CPU
// time cannot be read; the searches then run on a daemon maybe busy.
func (d *daemon) waitQuiet(ctx context.Context) bool {
	pid := d.cmd.Process.Pid
	last, ok := procCPU(pid)
	for deadline := time.Now().Add(time.Minute); ok && time.Now().Before(deadline) && ctx.Err() == nil; {
		time.Sleep(quietWindow)
		now, ok := procCPU(pid)
		if !ok {
			return false
		}
		if now-last < quietWindow/10 {
			return true
		}
		last = now
	}
	return false
}

const quietWindow = 300 * time.Millisecond

// procCPU is the CPU time a process has used (user and system), from
// /proc/PID/stat; ok is false if it cannot be read.
func procCPU(pid int) (cpu time.Duration, ok bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, false
	}
	// The fields after the command (in parentheses, which may hold
	// spaces): state is the first, utime and stime the 12th and 13th.
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	if len(f) < 13 {
		return 0, false
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return time.Duration(ut+st) * time.Second / clockTicks, true
}

// clockTicks is the unit of /proc's CPU times (USER_HZ, 100 on Linux).
const clockTicks = 100

// search times one subject search over HTTP (the whole path a DSAR lookup
// takes), in milliseconds; ok is false when it did not answer 200.
func (d *daemon) search(ctx context.Context, id Truth) (ms float64, ok bool, err error) {
	body := fmt.Sprintf(`{"identifiers":[{"type":%q,"value":%q}]}`, id.Type, id.Value)
	req, _ := http.NewRequestWithContext(ctx, "POST", d.url+"/v1/subjects/search", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+d.token)
	t0 := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, false, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return float64(time.Since(t0).Microseconds()) / 1000, resp.StatusCode == 200, nil
}

// searchAll searches each of ids once and returns the latencies (ms) of
// those answered 200.
func (d *daemon) searchAll(ctx context.Context, ids []Truth) ([]float64, error) {
	var lat []float64
	for _, id := range ids {
		ms, ok, err := d.search(ctx, id)
		if err != nil {
			return lat, err
		}
		if ok {
			lat = append(lat, ms)
		}
	}
	return lat, nil
}

// percentiles returns the median and the 99th percentile of lat.
func percentiles(lat []float64) (p50, p99 float64) {
	if len(lat) == 0 {
		return 0, 0
	}
	sort.Float64s(lat)
	return lat[len(lat)/2], lat[min(len(lat)-1, len(lat)*99/100)]
}

// indexProfile times, reps times interleaved, `piid scan` with every core
// and `piid serve` from an empty data folder until every file of dir is
// indexed; after the last, it times searches for sampled planted values
// over HTTP.
func indexProfile(ctx context.Context, bin, prof, dir string, size int64, files, reps int, ids []Truth, heavy Truth, heavyN int) (IndexRow, error) {
	row := IndexRow{Profile: prof, Bytes: size, Files: files}
	var scanRate, indexRate []float64
	for r := 0; r < reps; r++ {
		secs, _, err := timeRun(ctx, bin, []string{"scan", "--format", "jsonl", "--quiet", dir})
		if err != nil {
			return row, err
		}
		scanRate = append(scanRate, float64(size)/1e6/secs)
		start := time.Now()
		d, err := startDaemon(ctx, bin, dir)
		if err != nil {
			return row, err
		}
		if row.Findings, err = d.waitIndexed(ctx, files); err != nil {
			d.stop()
			return row, err
		}
		indexRate = append(indexRate, float64(size)/1e6/time.Since(start).Seconds())
		row.PeakRSSMiB = max(row.PeakRSSMiB, peakRSS(d.cmd.Process.Pid))
		row.PeakAnonMiB = max(row.PeakAnonMiB, d.peakAnonMiB())
		if r < reps-1 {
			d.stop()
			continue
		}
		row.NotIdle = !d.waitQuiet(ctx)
		lat, err := d.searchAll(ctx, ids)
		var heavyLat []float64
		if err == nil && heavyN > 1 {
			heavyLat, err = d.searchAll(ctx, []Truth{heavy, heavy, heavy})
		}
		d.stop()
		if err != nil {
			return row, err
		}
		row.Searches = len(lat)
		row.SearchP50, row.SearchP99 = percentiles(lat)
		if len(heavyLat) > 0 {
			row.HeaviestOccurrences = heavyN
			row.HeaviestMs, _ = percentiles(heavyLat)
		}
	}
	row.MBps, row.ScanMBps = stat(indexRate), stat(scanRate)
	return row, nil
}

// ScaleRow is the daemon at scale: an index of many millions of findings,
// built from copies of one profile's sample (hard links under other
// paths: other files to the index, same values), then subject searches
// over it, settled (the daemon idle), and while it indexes one more copy.
type ScaleRow struct {
	Profile          string  `json:"profile"`
	Copies           int     `json:"copies"`
	Bytes            int64   `json:"bytes"`
	Findings         int64   `json:"findings"`
	MBps             float64 `json:"mb_per_s"`
	FindingsPerSec   float64 `json:"findings_per_s"`
	PeakRSSMiB       float64 `json:"peak_rss_mib"`
	PeakAnonMiB      float64 `json:"peak_anon_rss_mib"` // RssAnon, sampled
	Searches         int     `json:"searches"`
	SearchP50        float64 `json:"search_p50_ms"`
	SearchP99        float64 `json:"search_p99_ms"`
	BusySearches     int     `json:"busy_searches"`
	BusySearchP50    float64 `json:"busy_search_p50_ms"`
	BusySearchP99    float64 `json:"busy_search_p99_ms"`
	BusyIndexingSecs float64 `json:"busy_indexing_s"`
	// NotIdle: the daemon was still busy (or its CPU time unreadable)
	// when the settled searches began (waitQuiet).
	NotIdle bool `json:"not_idle,omitempty"`
}

// scaleIndex builds, through the daemon, an index of at least target
// findings out of copies of the files (a sample with perCopy findings),
// then times searches for ids: settled, then while one more copy is
// indexed (moved into the watched folder).
func scaleIndex(ctx context.Context, bin, prof, corpus string, files []string, perCopy, target int64, ids []Truth) (ScaleRow, error) {
	row := ScaleRow{Profile: prof}
	if perCopy <= 0 {
		return row, fmt.Errorf("bench: the %s sample has no findings to copy", prof)
	}
	row.Copies = int((target + perCopy - 1) / perCopy)
	root, err := os.MkdirTemp("", "piid-bench-scale-")
	if err != nil {
		return row, err
	}
	defer os.RemoveAll(root)
	watched := filepath.Join(root, "watched")
	for c := 0; c < row.Copies; c++ {
		if err := linkCopy(files, corpus, filepath.Join(watched, fmt.Sprintf("copy-%03d", c))); err != nil {
			return row, err
		}
	}
	busy := filepath.Join(root, "busy")
	if err := linkCopy(files, corpus, busy); err != nil {
		return row, err
	}
	size, n := dirSize(watched)
	row.Bytes = size

	start := time.Now()
	d, err := startDaemon(ctx, bin, watched)
	if err != nil {
		return row, err
	}
	defer d.stop()
	if row.Findings, err = d.waitIndexed(ctx, n); err != nil {
		return row, err
	}
	secs := time.Since(start).Seconds()
	row.MBps = float64(size) / 1e6 / secs
	row.FindingsPerSec = float64(row.Findings) / secs

	row.NotIdle = !d.waitQuiet(ctx)
	lat, err := d.searchAll(ctx, ids)
	if err != nil {
		return row, err
	}
	row.Searches = len(lat)
	row.SearchP50, row.SearchP99 = percentiles(lat)

	// One more copy arrives: search while the daemon indexes it.
	if err := os.Rename(busy, filepath.Join(watched, "copy-busy")); err != nil {
		return row, err
	}
	start = time.Now()
	for {
		m, err := metrics(d.url)
		if err == nil && (m["piid_queue_length"] > 0 || int(m["piid_scanned_files_total"]+m["piid_unchanged_files_total"]) > n) {
			break
		}
		if time.Since(start) > time.Minute {
			return row, fmt.Errorf("bench: the daemon did not pick up the new copy")
		}
		time.Sleep(5 * time.Millisecond)
	}
	lat = lat[:0]
	for i := 0; ; i++ {
		if i%10 == 0 {
			if done, _ := d.indexed(n + len(files)); done {
				break
			}
		}
		ms, ok, err := d.search(ctx, ids[i%len(ids)])
		if err != nil {
			return row, err
		}
		if ok {
			lat = append(lat, ms)
		}
	}
	row.BusyIndexingSecs = time.Since(start).Seconds()
	row.BusySearches = len(lat)
	row.BusySearchP50, row.BusySearchP99 = percentiles(lat)
	row.PeakRSSMiB = peakRSS(d.cmd.Process.Pid)
	row.PeakAnonMiB = d.peakAnonMiB()
	return row, nil
}

// linkCopy puts each of files (under corpus) at the same place under dst:
// a hard link (another file to the index, the same bytes on disk), or a
// copy where links cannot be made.
func linkCopy(files []string, corpus, dst string) error {
	for _, f := range files {
		rel, err := filepath.Rel(corpus, f)
		if err != nil {
			return err
		}
		p := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.Link(f, p); err != nil {
			if err := copyFile(f, p); err != nil {
				return err
			}
		}
	}
	return nil
}

// metrics reads the daemon's plain gauges and counters.
func metrics(url string) (map[string]float64, error) {
	resp, err := http.Get(url + "/metrics")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	m := map[string]float64{}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "piid_") && !strings.Contains(line, "{") {
			if f := strings.Fields(line); len(f) == 2 {
				v, _ := strconv.ParseFloat(f[1], 64)
				m[f[0]] = v
			}
		}
	}
	return m, sc.Err()
}

// peakRSS is a running process's peak resident set (VmHWM), in MiB.
func peakRSS(pid int) float64 { return float64(procStatus(pid, "VmHWM:")) / 1024 }

// procStatus reads one field of /proc/PID/status, in KiB (0 if absent).
func procStatus(pid int, field string) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == field {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb
		}
	}
	return 0
}

// searchSample picks up to n distinct planted identifiers of the types a
// subject gives (email, phone, iban) from a profile's ground truth, spread
// over it. Distinct: a search is for a person, and a value planted in
// every mail (a support address) would otherwise be most of the sample;
// heaviest times that one apart.
func searchSample(truth []Truth, prof string, n int) []Truth {
	var pool []Truth
	seen := map[[2]string]bool{}
	for _, t := range truth {
		k := identKey(t)
		if t.Profile == prof && subjectType(t.Type) && givenWhole(t) && !seen[k] {
			seen[k] = true
			pool = append(pool, t)
		}
	}
	if len(pool) <= n {
		return pool
	}
	out := make([]Truth, 0, n)
	step := float64(len(pool)) / float64(n)
	for i := 0; i < n; i++ {
		out = append(out, pool[int(float64(i)*step)])
	}
	return out
}

// givenWhole says whether a subject would give the planted value as it
// is: a phone written without its country code is given in international
// form (the daemon refuses one that can only be guessed), so the sample
// takes the phones planted with theirs.
func givenWhole(t Truth) bool {
	return t.Type != "phone" || strings.HasPrefix(t.Value, "+") || strings.HasPrefix(t.Value, "00")
}

// subjectType says whether a subject would give an identifier of type typ
// in a request.
func subjectType(typ string) bool { return typ == "email" || typ == "phone" || typ == "iban" }

// identKey groups the spellings of one identifier: an email in any case,
// a phone or an IBAN with or without spaces and punctuation (a phone in
// national and international form stays two).
func identKey(t Truth) [2]string {
	if t.Type == "email" {
		return [2]string{t.Type, strings.ToLower(t.Value)}
	}
	return [2]string{t.Type, strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' {
			return r
		}
		if r >= 'a' && r <= 'z' {
			return r - 'a' + 'A'
		}
		return -1
	}, t.Value)}
}

// heaviest is the identifier of those types planted most often in a
// profile's ground truth, and how often.
func heaviest(truth []Truth, prof string) (Truth, int) {
	count := map[[2]string]int{}
	var best Truth
	most := 0
	for _, t := range truth {
		if t.Profile != prof || !subjectType(t.Type) {
			continue
		}
		k := identKey(t)
		count[k]++
		if count[k] > most {
			best, most = t, count[k]
		}
	}
	return best, most
}
