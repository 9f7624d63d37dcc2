package patterns

// olderIDValid reports whether the digits d are also a valid id of one of
// the types that shared the generic digit run before the 2026 batch (NHS,
// PESEL, Steuer-ID, BSN, a card): a newer type that reads the same digits
// gives such a value less confidence, so that in a field named for any
// national id ("national_id") the older reading keeps it, while the
// newer type's own word or field still wins.
func olderIDValid(d []byte) bool {
	switch len(d) {
	case 9:
		return BSNValid(d)
	case 10:
		return NHSValid(d)
	case 11:
		return PESELValid(d) || DETaxIDValid(d)
	}
	return CardBrand(d) != "" && LuhnValid(d)
}

// deferScore is a newer type's confidence for digits d: score, or less
// when an older type reads them too.
func deferScore(d []byte, score float64) float64 {
	if olderIDValid(d) {
		return min(score, 0.3)
	}
	return score
}
