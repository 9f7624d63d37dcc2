package patterns

import "sort"

// builtinFamilies lists the built-in families in catalog order: the order
// of the types in listings and reports. A new kind of identifier is a new
// family file named here.
func builtinFamilies() []Family {
	return []Family{
		emailFamily(), phoneFamily(), cardFamily(), ibanFamily(), ipFamily(),
		usFamily(), ukFamily(), postcodeFamily(), dateFamily(), vatFamily(),
		frFamily(), deFamily(), esFamily(), itFamily(), nlFamily(), plFamily(),
		beFamily(), atFamily(), ptFamily(), nordicFamily(), seFamily(), dkFamily(), fiFamily(), noFamily(), ieFamily(),
		czskFamily(), roFamily(), bgFamily(), hrFamily(), siFamily(), eeltFamily(), mrzFamily(),
		nameFamily(), addressFamily(), urlFamily(), digitsFamily(),
	}
}

// Builtin returns the built-in types, in catalog order.
func Builtin() []*Type {
	var types []*Type
	for _, f := range builtinFamilies() {
		types = append(types, f.Types...)
	}
	return types
}

// BuiltinDetectors lists the built-in regexes by pass, then priority:
// where two match at the same position, the earlier wins (leftmost-first),
// so distinctive shapes come before generic digit runs.
func BuiltinDetectors() []Detector {
	var ds []Detector
	for _, f := range builtinFamilies() {
		ds = append(ds, f.Detectors...)
	}
	sortDetectors(ds)
	return ds
}

// sortDetectors orders detectors by pass, then priority; equal ones keep
// their order.
func sortDetectors(ds []Detector) {
	sort.SliceStable(ds, func(i, j int) bool {
		if ds[i].Pass != ds[j].Pass {
			return ds[i].Pass < ds[j].Pass
		}
		return ds[i].Priority < ds[j].Priority
	})
}

// BuiltinFieldRules are the field names the catalog knows, in the
// languages its keywords speak: each family's, then the names of any
// national id (every government_id type, so a new one joins by itself),
// then the fields of numbers that are not about a person.
func BuiltinFieldRules() []FieldRule {
	var rules []FieldRule
	var ids []string
	for _, f := range builtinFamilies() {
		rules = append(rules, f.Fields...)
		for _, t := range f.Types {
			if t.Category == CategoryGovernmentID {
				ids = append(ids, t.ID)
			}
		}
	}
	return append(rules, FieldRule{Names: nationalIDFields, Types: ids}, notPersonalFields)
}
