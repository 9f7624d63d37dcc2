package bench

import (
	"strconv"
	"strings"
)

// Exports: dense structured data. CSV/TSV customer lists, nested JSONL,
// a PostgreSQL dump (COPY ... FROM stdin) and a MySQL dump (extended
// INSERTs). Every personal value is labelled with its record.

// Cell kinds.
const (
	cID = iota
	cFirst
	cLast
	cFull
	cEmail
	cPhone
	cDOB
	cStreet
	cPostcode
	cCity
	cCountry
	cIBAN
	cNatID
	cCard
	cIP
	cVAT
	cCreated
	cStatus
	cPoints
	cAmount
	cCurrency
	cCustID
)

type col struct {
	name string
	kind int
}

// exportStyle is how one file writes its values.
type exportStyle struct {
	country  string // "" = mixed countries
	phone    int    // 0 E.164, 1 international grouped, 2 national, 3 any
	isoDates bool
	sqlTime  bool // created_at as "2024-03-01 12:00:00"
}

func newStyle(r *rng) exportStyle {
	st := exportStyle{phone: r.intn(4), isoDates: r.chance(0.7)}
	if r.chance(0.6) {
		st.country = randomLocale(r).cc
	}
	return st
}

// row is the data of one record.
type row struct {
	n       int64
	p       *person
	city    city
	natType typ
	nulls   uint32 // bit per cell kind: value missing
}

func newRow(r *rng, st exportStyle, n int64) *row {
	var loc *locale
	if st.country != "" {
		loc = localeBy(st.country)
	} else {
		loc = randomLocale(r)
	}
	rw := &row{n: n, p: newPerson(r, loc)}
	rw.city = pick(r, loc.cities)
	switch loc.cc {
	case "GB":
		rw.natType = tNINO
		if r.chance(0.4) {
			rw.natType = tNHS
		}
	case "US":
		rw.natType = tSSN
	case "FR":
		rw.natType = tNIR
	case "DE":
		rw.natType = tDETax
	case "ES":
		rw.natType = tDNI
		if r.chance(0.25) {
			rw.natType = tNIE
		}
	case "IT":
		rw.natType = tCF
	case "NL":
		rw.natType = tBSN
	default:
		rw.natType = tPESEL
	}
	for _, k := range []int{cPhone, cDOB, cIBAN, cCard, cIP, cVAT, cNatID} {
		if r.chance(0.08) {
			rw.nulls |= 1 << k
		}
	}
	switch loc.cc {
	case "US":
		rw.nulls |= 1<<cIBAN | 1<<cVAT
	case "PL":
		rw.nulls |= 1 << cVAT
	}
	return rw
}

// cell returns the value of kind k; t is its type when it is personal
// data (nTypes when not); null when the value is missing.
func (rw *row) cell(r *rng, st exportStyle, clk *clock, k int) (v string, t typ, null bool) {
	if rw.nulls&(1<<k) != 0 {
		return "", nTypes, true
	}
	p := rw.p
	cc := p.loc.cc
	switch k {
	case cID:
		return strconv.FormatInt(rw.n, 10), nTypes, false
	case cCustID:
		return strconv.Itoa(r.between(1, 50000)), nTypes, false
	case cFirst:
		return p.first, tName, false
	case cLast:
		return p.last, tName, false
	case cFull:
		return p.full(), tName, false
	case cEmail:
		return p.email, tEmail, false
	case cPhone:
		style := st.phone
		if style == 3 {
			style = r.intn(3)
		}
		switch style {
		case 0:
			return e164(r, cc), tPhone, false
		case 1:
			return formatPhone(r, cc, phoneNSN(r, cc), true), tPhone, false
		}
		return formatPhone(r, cc, phoneNSN(r, cc), false), tPhone, false
	case cDOB:
		if st.isoDates {
			return p.isoDate(), tDOB, false
		}
		return p.numericDate("/"), tDOB, false
	case cStreet:
		return street(r, p.loc), tAddr, false
	case cPostcode:
		if cc == "GB" {
			return ukPostcode(r, rw.city), tPostcode, false
		}
		return postcode(r, cc, rw.city), nTypes, false
	case cCity:
		return rw.city.name, nTypes, false
	case cCountry:
		return cc, nTypes, false
	case cIBAN:
		return ibanCompact(r, ibanCountry(r, cc)), tIBAN, false
	case cNatID:
		return nationalID(r, rw.natType, p, rw.city), rw.natType, false
	case cCard:
		return string(cardDigits(r)), tCard, false
	case cIP:
		if r.chance(0.15) {
			return genIPv6(r), tIPv6, false
		}
		return genIPv4(r, false), tIPv4, false
	case cVAT:
		vc := cc
		if vc == "US" || vc == "PL" {
			vc = "DE"
		}
		return strings.ReplaceAll(genVAT(r, vc), " ", ""), tVAT, false
	case cCreated:
		clk.tick(r, 600000)
		clk.sync()
		h, m, s, _ := clk.hms()
		d := zpad(clk.y, 4) + "-" + zpad(clk.m, 2) + "-" + zpad(clk.d, 2)
		if st.sqlTime {
			return d + " " + zpad(h, 2) + ":" + zpad(m, 2) + ":" + zpad(s, 2), nTypes, false
		}
		return d + "T" + zpad(h, 2) + ":" + zpad(m, 2) + ":" + zpad(s, 2) + "Z", nTypes, false
	case cStatus:
		return pick(r, []string{"active", "active", "active", "inactive", "pending", "blocked"}), nTypes, false
	case cPoints:
		return strconv.Itoa(r.intn(5000)), nTypes, false
	case cAmount:
		a := r.between(100, 250000)
		return strconv.Itoa(a/100) + "." + zpad(a%100, 2), nTypes, false
	case cCurrency:
		return pick(r, []string{"EUR", "EUR", "GBP", "USD", "PLN"}), nTypes, false
	}
	if v, t, ok := euIDs2Cell(r, p, k); ok {
		return v, t, false
	}
	return "", nTypes, true
}

// numeric kinds are written unquoted in SQL.
func numericKind(k int) bool { return k == cID || k == cCustID || k == cPoints || k == cAmount }

// csvColumns picks the columns of a CSV export.
func csvColumns(r *rng) []col {
	cols := []col{{"id", cID}}
	if r.chance(0.25) {
		cols = append(cols, col{"full_name", cFull})
	} else {
		cols = append(cols, col{"first_name", cFirst}, col{"last_name", cLast})
	}
	cols = append(cols, col{"email", cEmail})
	optional := []col{{"phone", cPhone}, {"date_of_birth", cDOB}, {"street", cStreet}, {"postcode", cPostcode}, {"city", cCity},
		{"country", cCountry}, {"iban", cIBAN}, {"national_id", cNatID}, {"card_number", cCard}, {"last_login_ip", cIP},
		{"vat_number", cVAT}, {"status", cStatus}, {"loyalty_points", cPoints}, {"created_at", cCreated}}
	for _, c := range optional {
		if r.chance(0.6) {
			cols = append(cols, c)
		}
	}
	return euIDs2Column(r, cols)
}

// genCSV writes a CSV (or TSV) export with a header line.
func genCSV(w *fw, target int64, tsv bool) {
	r := w.r
	w.clk.start(r)
	st := newStyle(r)
	cols := csvColumns(r)
	sep := byte(',')
	if tsv {
		sep = '\t'
	}
	for i, c := range cols {
		if i > 0 {
			w.c(sep)
		}
		w.s(c.name)
	}
	w.nl()
	n := int64(0)
	w.fill(target, func() {
		n++
		rw := newRow(r, st, n)
		for i, c := range cols {
			if i > 0 {
				w.c(sep)
			}
			v, t, null := rw.cell(r, st, &w.clk, c.kind)
			if null {
				continue
			}
			quote := !tsv && strings.ContainsAny(v, ",\"")
			if quote {
				w.c('"')
			}
			if t < nTypes {
				w.plantR(t, v, rec{row: n, field: c.name})
			} else {
				w.s(v)
			}
			if quote {
				w.c('"')
			}
		}
		w.nl()
	})
}

// genJSONL writes nested customer documents, one per line.
func genJSONL(w *fw, target int64) {
	r := w.r
	w.clk.start(r)
	st := newStyle(r)
	n := int64(0)
	w.fill(target, func() {
		n++
		rw := newRow(r, st, n)
		str := func(key, ptr string, k int) {
			w.c('"')
			w.s(key)
			w.s(`":`)
			v, t, null := rw.cell(r, st, &w.clk, k)
			if null {
				w.s("null")
				return
			}
			w.c('"')
			if t < nTypes {
				w.plantR(t, v, rec{row: n, pointer: ptr})
			} else {
				w.s(v)
			}
			w.c('"')
		}
		w.s(`{"id":`)
		w.n(int(n))
		w.s(`,"customer":{"name":{`)
		str("first", "/customer/name/first", cFirst)
		w.c(',')
		str("last", "/customer/name/last", cLast)
		w.s(`},`)
		str("email", "/customer/email", cEmail)
		w.c(',')
		str("phone", "/customer/phone", cPhone)
		w.c(',')
		str("birth_date", "/customer/birth_date", cDOB)
		if r.chance(0.2) {
			w.s(`,"secondary_emails":["`)
			p := rw.p
			work := asciiName(p.first) + "." + asciiName(strings.Fields(p.last)[0]) + "@" + pick(r, corpDomains)
			w.plantR(tEmail, work, rec{row: n, pointer: "/customer/secondary_emails/0"})
			w.s(`"]`)
		}
		w.s(`},"address":{`)
		str("street", "/address/street", cStreet)
		w.c(',')
		str("postcode", "/address/postcode", cPostcode)
		w.c(',')
		str("city", "/address/city", cCity)
		w.c(',')
		str("country", "/address/country", cCountry)
		w.s(`},"billing":{`)
		str("iban", "/billing/iban", cIBAN)
		if r.chance(0.4) {
			w.s(`,"card":{`)
			str("number", "/billing/card/number", cCard)
			w.s(`,"expiry":"`)
			w.pad(r.between(1, 12), 2)
			w.c('/')
			w.n(r.between(25, 31))
			w.s(`"}`)
		}
		w.s(`},"national_id":{"type":"`)
		w.s(typeIDs[rw.natType])
		w.s(`",`)
		str("value", "/national_id/value", cNatID)
		w.s(`},"last_login":{`)
		str("ip", "/last_login/ip", cIP)
		w.c(',')
		str("at", "/last_login/at", cCreated)
		if r.chance(0.15) {
			w.s(`,"device":{"mac":"`)
			w.plantR(tMAC, genMAC(r), rec{row: n, pointer: "/last_login/device/mac"})
			w.s(`"}`)
		}
		w.s(`},"marketing_opt_in":`)
		if r.chance(0.4) {
			w.s("true")
		} else {
			w.s("false")
		}
		w.c(',')
		str("created_at", "/created_at", cCreated)
		w.c('}')
		w.nl()
	})
}

var (
	pgCustomers = []col{{"id", cID}, {"first_name", cFirst}, {"last_name", cLast}, {"email", cEmail}, {"phone", cPhone},
		{"birth_date", cDOB}, {"street", cStreet}, {"postcode", cPostcode}, {"city", cCity}, {"country", cCountry},
		{"iban", cIBAN}, {"national_id", cNatID}, {"created_at", cCreated}}
	pgPayments = []col{{"id", cID}, {"customer_id", cCustID}, {"card_number", cCard}, {"amount", cAmount},
		{"currency", cCurrency}, {"ip_address", cIP}, {"created_at", cCreated}}
	myContacts = []col{{"id", cID}, {"full_name", cFull}, {"email", cEmail}, {"phone", cPhone}, {"dob", cDOB},
		{"address", cStreet}, {"city", cCity}, {"country", cCountry}, {"vat_number", cVAT}, {"status", cStatus}, {"created_at", cCreated}}
	myPayments = []col{{"id", cID}, {"contact_id", cCustID}, {"card_number", cCard}, {"iban", cIBAN}, {"amount", cAmount},
		{"currency", cCurrency}, {"created_at", cCreated}}
)

func sqlType(k int) string {
	switch k {
	case cID, cCustID, cPoints:
		return "integer"
	case cAmount:
		return "numeric(10,2)"
	case cDOB:
		return "date"
	case cCreated:
		return "timestamp without time zone"
	}
	return "text"
}

// genPgDump writes a pg_dump plain-text dump of two tables.
func genPgDump(w *fw, target int64) {
	r := w.r
	w.clk.start(r)
	st := newStyle(r)
	st.isoDates, st.sqlTime = true, true
	w.s("--\n-- PostgreSQL database dump\n--\n\n-- Dumped from database version 15.6\n-- Dumped by pg_dump version 15.6\n\n")
	w.s("SET statement_timeout = 0;\nSET lock_timeout = 0;\nSET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\n")
	w.s("SELECT pg_catalog.set_config('search_path', '', false);\nSET check_function_bodies = false;\nSET client_min_messages = warning;\n\n")
	for _, t := range []struct {
		name string
		cols []col
	}{{"customers", pgCustomers}, {"payments", pgPayments}} {
		w.s("CREATE TABLE public.")
		w.s(t.name)
		w.s(" (\n")
		for i, c := range t.cols {
			w.s("    ")
			w.s(c.name)
			w.c(' ')
			w.s(sqlType(c.kind))
			if i == 0 {
				w.s(" NOT NULL")
			}
			if i < len(t.cols)-1 {
				w.c(',')
			}
			w.nl()
		}
		w.s(");\n\nALTER TABLE public.")
		w.s(t.name)
		w.s(" OWNER TO shop;\n\n")
	}
	tail := int64(200)
	split := w.off() + (target-w.off()-tail)*7/10
	for _, t := range []struct {
		name string
		cols []col
		end  int64
	}{{"customers", pgCustomers, split}, {"payments", pgPayments, target - tail}} {
		w.s("--\n-- Data for Name: ")
		w.s(t.name)
		w.s("; Type: TABLE DATA; Schema: public; Owner: shop\n--\n\nCOPY public.")
		w.s(t.name)
		w.s(" (")
		for i, c := range t.cols {
			if i > 0 {
				w.s(", ")
			}
			w.s(c.name)
		}
		w.s(") FROM stdin;\n")
		n := int64(0)
		w.fill(t.end, func() {
			n++
			rw := newRow(r, st, n)
			for i, c := range t.cols {
				if i > 0 {
					w.c('\t')
				}
				v, ty, null := rw.cell(r, st, &w.clk, c.kind)
				switch {
				case null:
					w.s(`\N`)
				case ty < nTypes:
					w.plantR(ty, v, rec{row: n, field: c.name, table: t.name})
				default:
					w.s(v)
				}
			}
			w.nl()
		})
		w.s("\\.\n\n")
	}
	w.s("ALTER TABLE ONLY public.customers\n    ADD CONSTRAINT customers_pkey PRIMARY KEY (id);\n\n--\n-- PostgreSQL database dump complete\n--\n\n")
}

// genMySQLDump writes a mysqldump with extended INSERTs.
func genMySQLDump(w *fw, target int64) {
	r := w.r
	w.clk.start(r)
	st := newStyle(r)
	st.isoDates, st.sqlTime = true, true
	w.s("-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n--\n-- Host: localhost    Database: crm\n")
	w.s("-- ------------------------------------------------------\n-- Server version\t8.0.36\n\n")
	w.s("/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;\n/*!50503 SET NAMES utf8mb4 */;\n")
	w.s("/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;\n\n")
	tail := int64(300)
	split := w.off() + (target-w.off()-tail)*7/10
	for _, t := range []struct {
		name string
		cols []col
		end  int64
	}{{"contacts", myContacts, split}, {"payments", myPayments, target - tail}} {
		w.s("--\n-- Table structure for table `")
		w.s(t.name)
		w.s("`\n--\n\nDROP TABLE IF EXISTS `")
		w.s(t.name)
		w.s("`;\nCREATE TABLE `")
		w.s(t.name)
		w.s("` (\n")
		for _, c := range t.cols {
			w.s("  `")
			w.s(c.name)
			w.s("` ")
			switch {
			case c.kind == cID:
				w.s("int NOT NULL AUTO_INCREMENT")
			case numericKind(c.kind):
				w.s("int DEFAULT NULL")
			case c.kind == cDOB:
				w.s("date DEFAULT NULL")
			case c.kind == cCreated:
				w.s("datetime DEFAULT NULL")
			default:
				w.s("varchar(255) DEFAULT NULL")
			}
			w.s(",\n")
		}
		w.s("  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;\n\n")
		w.s("--\n-- Dumping data for table `")
		w.s(t.name)
		w.s("`\n--\n\nLOCK TABLES `")
		w.s(t.name)
		w.s("` WRITE;\n/*!40000 ALTER TABLE `")
		w.s(t.name)
		w.s("` DISABLE KEYS */;\n")
		n := int64(0)
		inStmt := 0
		w.fill(t.end, func() {
			n++
			if inStmt == 0 {
				w.s("INSERT INTO `")
				w.s(t.name)
				w.s("` VALUES ")
			} else {
				w.c(',')
			}
			rw := newRow(r, st, n)
			w.c('(')
			for i, c := range t.cols {
				if i > 0 {
					w.c(',')
				}
				v, ty, null := rw.cell(r, st, &w.clk, c.kind)
				switch {
				case null:
					w.s("NULL")
				case numericKind(c.kind):
					w.s(v)
				case ty < nTypes:
					w.c('\'')
					w.plantR(ty, v, rec{row: n, field: c.name, table: t.name})
					w.c('\'')
				default:
					w.c('\'')
					w.s(v)
					w.c('\'')
				}
			}
			w.c(')')
			inStmt++
			if inStmt >= 40+r.intn(80) {
				w.c(';')
				w.nl()
				inStmt = 0
			}
		})
		if inStmt > 0 {
			w.c(';')
			w.nl()
		}
		w.s("/*!40000 ALTER TABLE `")
		w.s(t.name)
		w.s("` ENABLE KEYS */;\nUNLOCK TABLES;\n\n")
	}
	w.s("/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;\n\n-- Dump completed\n")
}
