package bench

// Machine text: application logs (JSON and key=value), web server access
// logs, syslog and analytics events. Mostly without personal data; pii is
// the share of lines that carry some.

// fill calls unit until about target bytes are written: it stops when the
// next unit, as long as the last one, would overshoot by more than half.
func (w *fw) fill(target int64, unit func()) {
	last := int64(0)
	for w.off()+last/2 < target {
		st := w.off()
		unit()
		last = w.off() - st
		if last == 0 {
			last = 1
		}
	}
}

var (
	services  = []string{"auth", "checkout", "catalog", "payments", "notifications", "search", "gateway", "inventory", "profile", "shipping"}
	apiPaths  = []string{"/api/v1/products/", "/api/v1/cart/", "/api/v1/orders/", "/api/v2/search?q=shoes&page=", "/api/v1/recommendations?limit=", "/api/v1/inventory/", "/api/v1/categories/", "/api/v1/reviews/"}
	fixedPath = []string{"/health", "/metrics", "/api/v1/users/me", "/api/v1/checkout", "/static/js/app.3f9a2c.js", "/static/css/main.css", "/favicon.ico", "/robots.txt", "/", "/login", "/cart"}
	okMsgs    = []string{"request completed", "cache hit", "cache miss", "upstream call finished", "query executed", "token refreshed",
		"job scheduled", "message published", "rate limit check passed", "feature flag evaluated", "connection pool stats", "retrying request"}
	warnMsgs = []string{"slow query", "upstream timeout, retrying", "deprecated endpoint called", "queue depth high", "circuit breaker half-open"}
	errMsgs  = []string{"upstream returned 503", "deadline exceeded", "failed to publish message", "database connection reset", "unexpected EOF"}
	methods  = []string{"GET", "GET", "GET", "GET", "POST", "POST", "PUT", "DELETE", "PATCH"}
	statuses = []int{200, 200, 200, 200, 200, 200, 201, 204, 301, 304, 400, 401, 403, 404, 404, 429, 500, 502, 503}
	agents   = []string{
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.6261.94 Safari/537.36",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3.1 Safari/605.1.15",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_3_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3.1 Mobile/15E148 Safari/604.1",
		"Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0",
		"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.6261.105 Mobile Safari/537.36",
		"curl/8.5.0", "python-requests/2.31.0", "Go-http-client/2.0", "kube-probe/1.29",
		"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
	}
	referers = []string{"-", "-", "https://www.google.com/", "https://shop.northwind-traders.com/", "https://shop.northwind-traders.com/cart",
		"https://www.bing.com/", "https://t.co/", "https://shop.northwind-traders.com/products/running-shoes"}
	hosts = []string{"web-01", "web-02", "api-7f9c", "worker-3", "db-primary", "edge-fra1", "edge-ams2"}
)

// level writes a log level, mostly info.
func (w *fw) level(upper bool) string {
	x := w.r.intn(100)
	var l string
	switch {
	case x < 78:
		l = "info"
	case x < 88:
		l = "debug"
	case x < 96:
		l = "warn"
	default:
		l = "error"
	}
	if upper {
		switch l {
		case "info":
			return "INFO"
		case "debug":
			return "DEBUG"
		case "warn":
			return "WARN"
		}
		return "ERROR"
	}
	return l
}

// path writes a request path.
func (w *fw) path() {
	if w.r.chance(0.35) {
		w.s(pick(w.r, fixedPath))
		return
	}
	w.s(pick(w.r, apiPaths))
	w.n(w.r.between(1, 99999))
}

// e164 writes a phone in the compact international form logs use.
func e164(r *rng, cc string) string { return "+" + countryCodes[cc] + phoneNSN(r, cc) }

// clientIP plants a client address: IPv4 mostly, IPv6 sometimes.
func (w *fw) clientIP(private float64) {
	if w.r.chance(0.2) {
		w.plant(tIPv6, genIPv6(w.r))
		return
	}
	w.plant(tIPv4, genIPv4(w.r, w.r.chance(private)))
}

// genAppJSON writes JSON-per-line application logs.
func genAppJSON(w *fw, target int64, pii float64) {
	w.clk.start(w.r)
	w.fill(target, func() {
		w.clk.tick(w.r, 40)
		svc := pick(w.r, services)
		w.s(`{"ts":"`)
		w.iso()
		if w.r.chance(pii) {
			w.appJSONPII(svc)
			return
		}
		lvl := w.level(false)
		w.s(`","level":"`)
		w.s(lvl)
		w.s(`","service":"`)
		w.s(svc)
		w.s(`","msg":"`)
		switch lvl {
		case "warn":
			w.s(pick(w.r, warnMsgs))
		case "error":
			w.s(pick(w.r, errMsgs))
		default:
			w.s(pick(w.r, okMsgs))
		}
		w.s(`","method":"`)
		w.s(pick(w.r, methods))
		w.s(`","path":"`)
		w.path()
		w.s(`","status":`)
		w.n(pick(w.r, statuses))
		w.s(`,"duration_ms":`)
		w.dec(w.r.between(100, 900000), 3)
		w.s(`,"req_id":"`)
		w.ident("req_", 16)
		w.s(`","trace_id":"`)
		w.hex(32)
		if w.r.chance(0.3) {
			w.s(`","user_id":"`)
			w.ident("u_", 10)
		}
		w.s(`"}`)
		w.nl()
	})
}

// appJSONPII finishes a JSON log line that carries personal data.
func (w *fw) appJSONPII(svc string) {
	r := w.r
	p := newPerson(r, randomLocale(r))
	x := r.intn(100)
	switch {
	case x < 30:
		w.s(`","level":"info","service":"auth","msg":"login succeeded","mfa":`)
		if r.chance(0.6) {
			w.s("true")
		} else {
			w.s("false")
		}
		w.s(`,"email":"`)
		w.plant(tEmail, p.email)
		w.s(`","client_ip":"`)
		w.clientIP(0.1)
	case x < 45:
		w.s(`","level":"warn","service":"auth","msg":"login failed","email":"`)
		w.plant(tEmail, p.email)
		w.s(`","reason":"bad_password","client_ip":"`)
		w.clientIP(0.05)
	case x < 55:
		w.s(`","level":"info","service":"auth","msg":"password reset requested","email":"`)
		w.plant(tEmail, p.email)
	case x < 70:
		w.s(`","level":"info","service":"notifications","msg":"sms sent","to":"`)
		w.plant(tPhone, e164(r, p.loc.cc))
		w.s(`","template":"otp"`)
		w.s(`,"provider":"twilio`)
	case x < 82:
		w.s(`","level":"info","service":"`)
		w.s(svc)
		w.s(`","msg":"session created","user_id":"`)
		w.ident("u_", 10)
		w.s(`","client_ip":"`)
		w.clientIP(0.2)
	case x < 86:
		w.s(`","level":"info","service":"gateway","msg":"device registered","device_mac":"`)
		w.plant(tMAC, genMAC(r))
		w.s(`","client_ip":"`)
		w.clientIP(0.5)
	case x < 92:
		w.s(`","level":"info","service":"profile","msg":"profile updated","user_id":"`)
		w.ident("u_", 10)
		w.s(`","changed":["phone"],"phone":"`)
		w.plant(tPhone, formatPhone(r, p.loc.cc, phoneNSN(r, p.loc.cc), true))
	case x < 96:
		w.s(`","level":"debug","service":"profile","msg":"avatar fetched","profile_url":"`)
		w.plant(tURL, profileURL(r, p))
	default:
		w.s(`","level":"error","service":"payments","msg":"payment declined","card_number":"`)
		w.plant(tCard, string(cardDigits(r)))
		w.s(`","amount":`)
		w.dec(r.between(500, 50000), 2)
		w.s(`,"currency":"EUR`)
	}
	w.s(`","req_id":"`)
	w.ident("req_", 16)
	w.s(`"}`)
	w.nl()
}

// genAppKV writes key=value application logs.
func genAppKV(w *fw, target int64, pii float64) {
	w.clk.start(w.r)
	r := w.r
	w.fill(target, func() {
		w.clk.tick(r, 40)
		w.iso()
		svc := pick(r, services)
		if r.chance(pii) {
			p := newPerson(r, randomLocale(r))
			switch r.intn(6) {
			case 0, 1:
				w.s(" level=info svc=auth msg=\"login ok\" user=")
				w.plant(tEmail, p.email)
				w.s(" ip=")
				w.clientIP(0.1)
			case 2:
				w.s(" level=warn svc=auth msg=\"too many attempts\" user=")
				w.plant(tEmail, p.email)
				w.s(" remote_addr=")
				w.clientIP(0)
			case 3:
				w.s(" level=info svc=notifications msg=\"call scheduled\" to=")
				w.plant(tPhone, e164(r, p.loc.cc))
			case 4:
				w.s(" level=info svc=gateway msg=\"new session\" client=")
				w.clientIP(0.3)
			default:
				w.s(" level=info svc=shipping msg=\"label created\" recipient_email=")
				w.plant(tEmail, p.email)
			}
		} else {
			lvl := w.level(false)
			w.s(" level=")
			w.s(lvl)
			w.s(" svc=")
			w.s(svc)
			w.s(" msg=\"")
			switch lvl {
			case "warn":
				w.s(pick(r, warnMsgs))
			case "error":
				w.s(pick(r, errMsgs))
			default:
				w.s(pick(r, okMsgs))
			}
			w.s("\" method=")
			w.s(pick(r, methods))
			w.s(" path=")
			w.path()
			w.s(" status=")
			w.n(pick(r, statuses))
		}
		w.s(" dur=")
		w.n(r.between(1, 2500))
		w.s("ms req_id=")
		w.uuid()
		w.nl()
	})
}

// genAccess writes web server access logs, nginx style (with timings)
// or Apache combined style (with the remote user, a mail address when the
// site uses basic auth by mail). Every line has a client address.
func genAccess(w *fw, target int64, nginx bool) {
	w.clk.start(w.r)
	r := w.r
	// A few active clients at a time, as sessions make several requests.
	type client struct {
		t  typ
		ip string
	}
	pool := make([]client, 8)
	newClient := func() client {
		if r.chance(0.18) {
			return client{tIPv6, genIPv6(r)}
		}
		return client{tIPv4, genIPv4(r, r.chance(0.05))}
	}
	for i := range pool {
		pool[i] = newClient()
	}
	w.fill(target, func() {
		w.clk.tick(r, 150)
		i := r.intn(len(pool))
		if r.chance(0.15) {
			pool[i] = newClient()
		}
		w.plant(pool[i].t, pool[i].ip)
		w.s(" - ")
		if !nginx && r.chance(0.08) {
			w.plant(tEmail, newPerson(r, randomLocale(r)).email)
		} else {
			w.c('-')
		}
		w.s(" [")
		w.clf()
		w.s("] \"")
		w.s(pick(r, methods))
		w.c(' ')
		w.path()
		w.s(" HTTP/1.1\" ")
		w.n(pick(r, statuses))
		w.c(' ')
		w.n(r.between(0, 80000))
		w.s(" \"")
		w.s(pick(r, referers))
		w.s("\" \"")
		w.s(pick(r, agents))
		w.c('"')
		if nginx {
			w.s(" rt=")
			w.dec(r.between(1, 3000), 3)
			w.s(" uct=")
			w.dec(r.between(0, 20), 3)
			w.s(" req_id=")
			w.hex(32)
		}
		w.nl()
	})
}

var deviceNames = []string{"Galaxy-S21", "iPhone", "DESKTOP-7F3K2LQ", "LAPTOP-H1Q9ZC", "android-3f2a9c1d", "Pixel-8", "printer-2f", "raspberrypi", "MacBook-Pro"}

// genSyslog writes syslog lines: sshd, dhcpd, postfix, cron, kernel.
func genSyslog(w *fw, target int64, pii float64) {
	w.clk.start(w.r)
	r := w.r
	host := pick(r, hosts)
	w.fill(target, func() {
		w.clk.tick(r, 900)
		w.syslogTS()
		w.c(' ')
		w.s(host)
		w.c(' ')
		if r.chance(pii) {
			switch r.intn(5) {
			case 0:
				w.s("sshd[")
				w.n(r.between(1000, 65000))
				w.s("]: Accepted publickey for deploy from ")
				w.plant(tIPv4, genIPv4(r, r.chance(0.3)))
				w.s(" port ")
				w.n(r.between(1024, 65535))
				w.s(" ssh2: ED25519 SHA256:")
				w.ident("", 20)
			case 1:
				w.s("sshd[")
				w.n(r.between(1000, 65000))
				w.s("]: Failed password for invalid user admin from ")
				w.plant(tIPv4, genIPv4(r, false))
				w.s(" port ")
				w.n(r.between(1024, 65535))
				w.s(" ssh2")
			case 2, 3:
				w.s("dhcpd[")
				w.n(r.between(300, 3000))
				w.s("]: DHCPACK on ")
				w.plant(tIPv4, genIPv4(r, true))
				w.s(" to ")
				w.plant(tMAC, genMAC(r))
				w.s(" (")
				w.s(pick(r, deviceNames))
				w.s(") via eth0")
			default:
				w.s("postfix/smtp[")
				w.n(r.between(1000, 65000))
				w.s("]: ")
				w.c("ABCDEF"[r.intn(6)])
				w.hex(9)
				w.s(": to=<")
				w.plant(tEmail, newPerson(r, randomLocale(r)).email)
				w.s(">, relay=mx.mailprovider.net[")
				w.plant(tIPv4, genIPv4(r, false))
				w.s("]:25, delay=")
				w.dec(r.between(1, 900), 2)
				w.s(", dsn=2.0.0, status=sent (250 OK)")
			}
			w.nl()
			return
		}
		switch r.intn(5) {
		case 0:
			w.s("CRON[")
			w.n(r.between(1000, 65000))
			w.s("]: (root) CMD (run-parts /etc/cron.hourly)")
		case 1:
			w.s("kernel: [")
			w.dec(r.between(1000, 99999999), 6)
			w.s("] EXT4-fs (sda1): re-mounted. Opts: errors=remount-ro")
		case 2:
			w.s("systemd[1]: Started Session ")
			w.n(r.between(1, 9999))
			w.s(" of user deploy.")
		case 3:
			w.s("systemd[1]: logrotate.service: Succeeded.")
		default:
			w.s("sshd[")
			w.n(r.between(1000, 65000))
			w.s("]: pam_unix(sshd:session): session closed for user deploy")
		}
		w.nl()
	})
}

var (
	eventNames = []string{"page_view", "page_view", "page_view", "product_viewed", "add_to_cart", "search", "checkout_started", "app_open", "scroll_depth", "experiment_exposure"}
	osNames    = []string{"iOS", "Android", "Windows", "macOS", "Linux"}
	localesTag = []string{"en-GB", "en-US", "fr-FR", "de-DE", "es-ES", "it-IT", "nl-NL", "pl-PL"}
)

// genEvents writes analytics events, one JSON document per line (JSONL):
// anonymous ids and page data, rarely an address or a signup's contact.
func genEvents(w *fw, target int64, pii float64) {
	w.clk.start(w.r)
	r := w.r
	row := int64(0)
	w.fill(target, func() {
		row++
		w.clk.tick(r, 300)
		w.s(`{"event":"`)
		signup := r.chance(pii / 3)
		if signup {
			w.s("signup_completed")
		} else {
			w.s(pick(r, eventNames))
		}
		w.s(`","ts":"`)
		w.iso()
		w.s(`","anonymous_id":"`)
		w.uuid()
		w.s(`","session_id":"`)
		w.hex(16)
		w.s(`","properties":{"path":"`)
		w.path()
		w.s(`","referrer":"`)
		w.s(pick(r, referers))
		w.s(`","duration_ms":`)
		w.n(r.between(10, 60000))
		w.s(`},"context":{"app":{"version":"`)
		w.n(r.between(3, 6))
		w.c('.')
		w.n(r.intn(20))
		w.c('.')
		w.n(r.intn(10))
		w.s(`"},"os":{"name":"`)
		w.s(pick(r, osNames))
		w.s(`"},"locale":"`)
		w.s(pick(r, localesTag))
		if r.chance(pii) {
			w.s(`","ip":"`)
			if r.chance(0.2) {
				w.plantR(tIPv6, genIPv6(r), rec{row: row, pointer: "/context/ip"})
			} else {
				w.plantR(tIPv4, genIPv4(r, false), rec{row: row, pointer: "/context/ip"})
			}
		}
		w.s(`"}`)
		if signup {
			p := newPerson(r, randomLocale(r))
			w.s(`,"traits":{"email":"`)
			w.plantR(tEmail, p.email, rec{row: row, pointer: "/traits/email"})
			if r.chance(0.5) {
				w.s(`","first_name":"`)
				w.plantR(tName, p.first, rec{row: row, pointer: "/traits/first_name"})
			}
			if r.chance(0.3) {
				w.s(`","phone":"`)
				w.plantR(tPhone, e164(r, p.loc.cc), rec{row: row, pointer: "/traits/phone"})
			}
			w.s(`"}`)
		}
		w.s(`,"user_id":"`)
		w.ident("u_", 10)
		w.s(`"}`)
		w.nl()
	})
}
