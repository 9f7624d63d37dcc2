package patterns

// cardFamily is payment card numbers.
func cardFamily() Family {
	return Family{
		Types: []*Type{
			{ID: "credit_card", Category: CategoryFinancial, Strong: true, Description: "Payment card number (PAN)", Validator: "Luhn + IIN ranges and lengths per brand",
				Check: checkCard, Normalize: normCompact, Mask: maskCard, Keywords: kwCard, Numeric: true,
				Examples:    []string{"card 4111 1111 1111 1111 exp 12/29", "Visa: 4111111111111111", "amex 3782 822463 10005", "MC 5555-5555-5555-4444", "card 4039621723216"},
				NotExamples: []string{"card 4111 1111 1111 1112", "tracking 1234567890123456", "1111 2222 3333 4444", "4039621723216", "gtin;4018375751607;box"}},
		},
		Detectors: []Detector{
			{`\b[2-6]\d{3}(?:[ -]\d{4}){2}[ -]\d{1,7}\b|\b3[47]\d{2}[ -]\d{6}[ -]\d{5}\b|\b3[068]\d{2}[ -]\d{6}[ -]\d{4}\b`, []string{"credit_card"}, "", 0, 120},
		},
		Fields: []FieldRule{
			{Names: []string{"card", "card_number", "cardnumber", "cc_number", "credit_card", "pan", "kreditkarte", "carte_bancaire", "tarjeta", "carta_di_credito"},
				Types: []string{"credit_card"}},
		},
	}
}

var (
	kwCard = []string{"card", "credit", "debit", "visa", "mastercard", "amex", "cc", "pan", "carte", "bancaire", "crédit", "karte", "kreditkarte",
		"kartennummer", "tarjeta", "crédito", "credito", "carta", "kaart", "creditcard", "maestro"}
)

func checkCard(v []byte, env *Env) (Span, float64, bool) {
	if !separatorsConsistent(v) || glued(env) {
		return Span{}, 0, false
	}
	d := compact(env.Buf[:0], v)
	if len(d) < 13 || len(d) > 19 || !allDigits(d) || !isCardNumber(d) {
		return Span{}, 0, false
	}
	// A 13-digit number with a right EAN-13 check digit is a barcode
	// (German ones open with 40-44, a Visa prefix) unless a card keyword
	// or field says card.
	if len(d) == 13 && EAN13Valid(d) {
		return whole(v), 0.3, true
	}
	return whole(v), 0.8, true
}

// isCardNumber reports whether the digits d are a payment card number: a
// brand's IIN and length, and Luhn. A national id check asks it, so a
// card is not also reported as an id.
func isCardNumber(d []byte) bool { return CardBrand(d) != "" && LuhnValid(d) }

// EAN13Valid reports whether d is 13 digits whose last is the EAN-13
// (GTIN-13) check digit: weights 1 and 3 alternating from the left.
func EAN13Valid(d []byte) bool {
	if len(d) != 13 || !ckAllDigits(d) {
		return false
	}
	sum := 0
	for i, c := range d[:12] {
		sum += int(c-'0') * (1 + 2*(i%2))
	}
	return (10-sum%10)%10 == int(d[12]-'0')
}

func allDigits(d []byte) bool {
	for _, c := range d {
		if !isDigit(c) {
			return false
		}
	}
	return len(d) > 0
}

// CardBrand returns the payment card brand of the digit string d, judged by
// its issuer identification number (IIN) range and its length as published
// by the card schemes, or "" if none matches. It does not check Luhn.
//
// Brands: visa (4; 13, 16, 19 digits), mastercard (51-55, 2221-2720; 16),
// amex (34, 37; 15), discover (6011, 644-649, 65, 622126-622925; 16-19),
// jcb (3528-3589; 16-19), diners (300-305, 36, 38-39; 14-19),
// unionpay (62; 16-19) and maestro (50, 56-58, 63, 67; 12-19). Where ranges
// overlap (622126-622925) the earlier brand in this list wins.
func CardBrand(d []byte) string {
	n := len(d)
	if n < 12 || n > 19 || !ckAllDigits(d) {
		return ""
	}
	p2 := int(ckValue(d[:2]))
	p3 := int(ckValue(d[:3]))
	p4 := int(ckValue(d[:4]))
	p6 := int(ckValue(d[:6]))
	switch {
	case d[0] == '4':
		if n == 13 || n == 16 || n == 19 {
			return "visa"
		}
	case (p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720):
		if n == 16 {
			return "mastercard"
		}
	case p2 == 34 || p2 == 37:
		if n == 15 {
			return "amex"
		}
	case p4 == 6011 || (p3 >= 644 && p3 <= 649) || p2 == 65 ||
		(p6 >= 622126 && p6 <= 622925):
		if n >= 16 {
			return "discover"
		}
	case p4 >= 3528 && p4 <= 3589:
		if n >= 16 {
			return "jcb"
		}
	case (p3 >= 300 && p3 <= 305) || p2 == 36 || p2 == 38 || p2 == 39:
		if n >= 14 {
			return "diners"
		}
	case p2 == 62:
		if n >= 16 {
			return "unionpay"
		}
	case p2 == 50 || (p2 >= 56 && p2 <= 58) || p2 == 63 || p2 == 67:
		return "maestro" // 12-19 digits, already checked above
	}
	return ""
}

// maskCard shows the last four digits only, as receipts do.
func maskCard(v []byte) string { return maskRunes(v, 0, 4) }
