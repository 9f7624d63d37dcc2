package indexer

import (
	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the daemon's own: base units, _total counters, no label
// that names a path or a subject.
type metrics struct {
	bytes, files       prometheus.Counter
	findings           *prometheus.CounterVec // by type, not counting ignored values
	ignored            prometheus.Counter
	errors             *prometheus.CounterVec // by reason
	skipped            prometheus.Counter
	fileDuration       prometheus.Histogram
	watchEvents        *prometheus.CounterVec // by op
	watchOverflows     prometheus.Counter
	watchErrors        prometheus.Counter
	reconcileDuration  prometheus.Histogram
	reconcileLastOK    prometheus.Gauge
	malformed          prometheus.Counter
	removed            prometheus.Counter
	queueLength        prometheus.GaugeFunc
	indexBytes         prometheus.GaugeFunc
	indexFiles         prometheus.GaugeFunc
	indexFindings      prometheus.GaugeFunc
	watchedDirectories prometheus.GaugeFunc
	writesBlocked      prometheus.GaugeFunc
	freeBytes          prometheus.GaugeFunc
}

func newMetrics(reg prometheus.Registerer, d *Indexer) *metrics {
	m := &metrics{
		bytes: prometheus.NewCounter(prometheus.CounterOpts{Name: "piid_scanned_bytes_total",
			Help: "Bytes scanned (decompressed) by the indexer."}),
		files: prometheus.NewCounter(prometheus.CounterOpts{Name: "piid_scanned_files_total",
			Help: "Files scanned and indexed."}),
		findings: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "piid_findings_total",
			Help: "Findings indexed, by type (values on the ignore list not counted)."}, []string{"type"}),
		ignored: prometheus.NewCounter(prometheus.CounterOpts{Name: "piid_ignored_findings_total",
			Help: "Findings of values on the config's ignore list: indexed (marked ignored), not counted as findings."}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "piid_scan_errors_total",
			Help: "Files that could not be scanned or indexed, by reason."}, []string{"reason"}),
		skipped: prometheus.NewCounter(prometheus.CounterOpts{Name: "piid_unchanged_files_total",
			Help: "Files not rescanned because they had not changed."}),
		fileDuration: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "piid_file_scan_duration_seconds",
			Help: "Time to scan and index one file.", Buckets: prometheus.ExponentialBuckets(0.001, 4, 10)}),
		watchEvents: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "piid_watch_events_total",
			Help: "Debounced file events from the watcher, by operation."}, []string{"op"}),
		watchOverflows: prometheus.NewCounter(prometheus.CounterOpts{Name: "piid_watch_overflows_total",
			Help: "Times the watcher lost events (queue overflow, watch limit) and a reconcile was run."}),
		watchErrors: prometheus.NewCounter(prometheus.CounterOpts{Name: "piid_watch_errors_total",
			Help: "Folders that could not be watched."}),
		reconcileDuration: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "piid_reconcile_duration_seconds",
			Help: "Time of a full reconcile walk.", Buckets: prometheus.ExponentialBuckets(0.01, 4, 10)}),
		reconcileLastOK: prometheus.NewGauge(prometheus.GaugeOpts{Name: "piid_reconcile_last_success_timestamp_seconds",
			Help: "Unix time of the last reconcile walk that completed."}),
		malformed: prometheus.NewCounter(prometheus.CounterOpts{Name: "piid_malformed_files_total",
			Help: "Structured files (CSV, JSON, SQL) scanned as plain text from a point of damage."}),
		removed: prometheus.NewCounter(prometheus.CounterOpts{Name: "piid_removed_files_total",
			Help: "Files dropped from the index because they were deleted."}),
	}
	m.queueLength = prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "piid_queue_length",
		Help: "Files waiting to be indexed."}, func() float64 { return float64(d.q.len()) })
	m.indexBytes = prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "piid_index_size_bytes",
		Help: "Size of the index on disk."}, func() float64 { s, _ := d.ix.Stats(); return float64(s.LSMBytes + s.VLogBytes) })
	m.indexFiles = prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "piid_index_files",
		Help: "Files in the index."}, func() float64 { s, _ := d.ix.Stats(); return float64(s.Files) })
	m.indexFindings = prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "piid_index_findings",
		Help: "Findings in the index."}, func() float64 { s, _ := d.ix.Stats(); return float64(s.Findings) })
	m.watchedDirectories = prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "piid_watched_directories",
		Help: "Folders watched for changes."}, func() float64 { return float64(d.watched()) })
	m.writesBlocked = prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "piid_index_writes_blocked",
		Help: "1 while the index takes no writes because its volume is below the low watermark (indexing waits), else 0."},
		func() float64 {
			if d.ix.Room().Writable() {
				return 0
			}
			return 1
		})
	m.freeBytes = prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "piid_data_volume_free_bytes",
		Help: "Free space of the index's volume at the last look (-1: unknown)."},
		func() float64 { return float64(d.ix.Room().Free) })
	if reg != nil {
		reg.MustRegister(m.bytes, m.files, m.findings, m.ignored, m.errors, m.skipped, m.fileDuration, m.watchEvents, m.watchOverflows,
			m.watchErrors, m.reconcileDuration, m.reconcileLastOK, m.malformed, m.removed, m.queueLength, m.indexBytes,
			m.indexFiles, m.indexFindings, m.watchedDirectories, m.writesBlocked, m.freeBytes)
	}
	registerDamage(reg, d.ix)
	return m
}
