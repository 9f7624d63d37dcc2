package indexer

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/piid/piid/index"
)

// registerDamage exports how many reads of the index met damage
// (index.Index.Damage): the index counts them, the metric reads it.
func registerDamage(reg prometheus.Registerer, ix *index.Index) {
	if reg == nil {
		return
	}
	reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "piid_index_corruption_total",
		Help: "Reads of the index that met damage (each answered 503 index_corrupt)."},
		func() float64 { n, _ := ix.Damage(); return float64(n) }))
}
