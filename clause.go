package koppel

// ClauseKind is a kind of social clause (sociale clausule).
type ClauseKind string

// The kinds of social clause a buyer uses (docs/design.md, "The domain").
const (
	// ClauseReservedWS reserves participation for sheltered workshops and
	// integration enterprises (BT-71 res-ws).
	ClauseReservedWS ClauseKind = "res-ws"
	// ClauseReservedPubSer reserves participation for public-service-mission
	// organisations (BT-71 res-pub-ser), only for social-service CPV codes.
	ClauseReservedPubSer ClauseKind = "res-pub-ser"
	// ClauseReservedExecution reserves performance to sheltered employment
	// programmes (BT-736 yes).
	ClauseReservedExecution ClauseKind = "reserved-execution"
	// ClauseExecutionCondition is a social execution condition (BT-06
	// soc-obj), open to any bidder.
	ClauseExecutionCondition ClauseKind = "execution-condition"
	// ClauseAwardCriterion is a social award criterion (BT-539..541).
	ClauseAwardCriterion ClauseKind = "award-criterion"
	// ClauseSubcontracting asks for subcontracting to the social economy.
	ClauseSubcontracting ClauseKind = "subcontracting"
)

// ClauseKindInfo describes a clause kind.
type ClauseKindInfo struct {
	Kind  ClauseKind `json:"kind"`
	Label string     `json:"label"` // Dutch
	// Reserved is true when only eligible enterprises may bid.
	Reserved bool `json:"reserved"`
}

// ClauseKinds lists the kinds of social clause.
var ClauseKinds = []ClauseKindInfo{
	{ClauseReservedWS, "Voorbehouden opdracht (maatwerkbedrijven en sociale inschakeling)", true},
	{ClauseReservedPubSer, "Voorbehouden aan organisaties met een openbaredienstverleningstaak", true},
	{ClauseReservedExecution, "Voorbehouden uitvoering (beschutte tewerkstelling)", true},
	{ClauseExecutionCondition, "Sociale uitvoeringsvoorwaarde", false},
	{ClauseAwardCriterion, "Sociaal gunningscriterium", false},
	{ClauseSubcontracting, "Onderaanneming door de sociale economie", false},
}

// Info returns the description of the kind.
func (k ClauseKind) Info() (ClauseKindInfo, bool) {
	for _, i := range ClauseKinds {
		if i.Kind == k {
			return i, true
		}
	}
	return ClauseKindInfo{}, false
}

// Clause is a social clause on a lot, with the eForms codes it was
// published with.
type Clause struct {
	Kind ClauseKind `json:"kind"`
	// SocialObjectives are BT-775 codes (opp, acc-all, et-eq, gen-eq,
	// hum-right, work-cond, other).
	SocialObjectives []string `json:"social_objectives,omitempty"`
	// Weight is the weight of an award criterion in percent.
	Weight float64 `json:"weight,omitempty"`
	Text   string  `json:"text,omitempty"`
	// Objective marks what an eForms notice says only as a social
	// objective of the lot (BT-06 soc-obj, BT-775 codes, BT-777 text):
	// shown as "Sociale doelstelling" with the codes' labels, never as an
	// execution condition. Its Kind stays ClauseExecutionCondition, the
	// kind that asks nothing of who may bid, for matching and the clause
	// filter.
	Objective bool `json:"objective,omitempty"`
}
