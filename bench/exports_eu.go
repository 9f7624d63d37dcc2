package bench

import "strconv"

// genEUIDCSV writes an HR export of staff in several countries: names,
// email and, in the column its country names it by (personnummer, svnr,
// ppsn …), each one's national id in the forms people type; the other
// countries' columns are empty.
func genEUIDCSV(w *fw, target int64) {
	r := w.r
	w.clk.start(r)
	w.s("employee_no,first_name,last_name,email,country")
	for _, id := range euIDs {
		w.c(',')
		w.s(id.field)
	}
	w.s(",department\n")
	n := int64(0)
	w.fill(target, func() {
		n++
		p := newPerson(r, randomLocale(r))
		k := r.intn(len(euIDs))
		w.s(strconv.Itoa(1000 + int(n)))
		w.c(',')
		w.plantR(tName, p.first, rec{row: n, field: "first_name"})
		w.c(',')
		w.plantR(tName, p.last, rec{row: n, field: "last_name"})
		w.c(',')
		w.plantR(tEmail, p.email, rec{row: n, field: "email"})
		w.c(',')
		w.s(euIDCountries[k])
		for i, id := range euIDs {
			w.c(',')
			if i == k && !r.chance(0.05) { // a missing id now and then
				w.plantR(id.t, id.gen(r), rec{row: n, field: id.field})
			}
		}
		w.c(',')
		w.s(pick(r, []string{"Finance", "Sales", "Support", "Logistics", "IT"}))
		w.nl()
	})
}

// euIDCountries are the countries of euIDs, in order.
var euIDCountries = []string{"BE", "AT", "PT", "SE", "DK", "FI", "NO", "IE"}
