package bench

import (
	"bufio"
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
	"syscall"
	"time"
)

// IndexRow is the daemon on one profile: how fast it indexes the profile's
// files from an empty index, and how fast it answers subject searches over
// the index it built.
type IndexRow struct {
	Profile    string  `json:"profile"`
	Bytes      int64   `json:"bytes"`
	Files      int     `json:"files"`
	Findings   int64   `json:"findings"`
	MBps       float64 `json:"mb_per_s"`
	PeakRSSMiB float64 `json:"peak_rss_mib"`
	Searches   int     `json:"searches"`
	SearchP50  float64 `json:"search_p50_ms"`
	SearchP99  float64 `json:"search_p99_ms"`
}

// indexProfile starts `piid serve` on dir with an empty data folder, waits
// until every file is indexed, then times searches for sampled planted
// values over HTTP (the whole path a DSAR lookup takes).
func indexProfile(ctx context.Context, bin, prof, dir string, size int64, files int, ids []Truth) (IndexRow, error) {
	row := IndexRow{Profile: prof, Bytes: size, Files: files}
	data, err := os.MkdirTemp("", "piid-bench-index-")
	if err != nil {
		return row, err
	}
	defer os.RemoveAll(data)
	key := filepath.Join(data, "hash.key")
	if err := os.WriteFile(key, []byte(strings.Repeat("k", 32)), 0o600); err != nil {
		return row, err
	}
	cmd := exec.CommandContext(ctx, bin, "serve", "--watch", dir, "--data", filepath.Join(data, "d"), "--listen", "127.0.0.1:0",
		"--hash-key-file", key, "--log-format", "json", "--log-level", "info")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return row, err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return row, err
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}()
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
	var url string
	select {
	case url = <-urlc:
	case <-time.After(60 * time.Second):
		return row, fmt.Errorf("the daemon did not start")
	}
	tok, err := os.ReadFile(filepath.Join(data, "d", "token"))
	if err != nil {
		return row, err
	}
	token := strings.TrimSpace(string(tok))
	for {
		m, err := metrics(url)
		if err == nil && int(m["piid_scanned_files_total"]+m["piid_unchanged_files_total"]) >= files && m["piid_queue_length"] == 0 {
			row.Findings = int64(m["piid_index_findings"])
			break
		}
		if ctx.Err() != nil {
			return row, ctx.Err()
		}
		time.Sleep(20 * time.Millisecond)
	}
	secs := time.Since(start).Seconds()
	row.MBps = float64(size) / 1e6 / secs
	row.PeakRSSMiB = peakRSS(cmd.Process.Pid)

	var lat []float64
	for _, id := range ids {
		body := fmt.Sprintf(`{"identifiers":[{"type":%q,"value":%q}]}`, id.Type, id.Value)
		req, _ := http.NewRequestWithContext(ctx, "POST", url+"/v1/subjects/search", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		t0 := time.Now()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return row, err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode == 200 {
			lat = append(lat, float64(time.Since(t0).Microseconds())/1000)
		}
	}
	if len(lat) > 0 {
		sort.Float64s(lat)
		row.Searches = len(lat)
		row.SearchP50 = lat[len(lat)/2]
		row.SearchP99 = lat[min(len(lat)-1, len(lat)*99/100)]
	}
	return row, nil
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
func peakRSS(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			kb, _ := strconv.ParseFloat(strings.Fields(line)[1], 64)
			return kb / 1024
		}
	}
	return 0
}

// searchSample picks up to n planted identifiers of the types a subject
// gives (email, phone, iban) from a profile's ground truth, spread over it.
func searchSample(truth []Truth, prof string, n int) []Truth {
	var pool []Truth
	for _, t := range truth {
		if t.Profile == prof && (t.Type == "email" || t.Type == "phone" || t.Type == "iban") {
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
