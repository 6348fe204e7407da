package demo

// place is a real Flemish postcode with its municipality and province.
type place struct {
	Postcode string
	City     string
	Province string
}

// phoneZone returns a Belgian trunk zone for the province; the demo phone
// numbers use it with the unassigned block 000 so they reach nobody.
func phoneZone(province string) string {
	switch province {
	case "Antwerpen":
		return "3"
	case "Oost-Vlaanderen":
		return "9"
	case "West-Vlaanderen":
		return "50"
	case "Limburg":
		return "11"
	default: // Vlaams-Brabant
		return "16"
	}
}

// streets are common Flemish street names (they exist in many municipalities).
var streets = []string{
	"Kerkstraat", "Stationsstraat", "Molenstraat", "Nijverheidsstraat", "Industrieweg",
	"Dorpsstraat", "Schoolstraat", "Kapelstraat", "Meersstraat", "Beekstraat",
	"Ambachtenlaan", "Zandstraat", "Hoogstraat", "Nieuwstraat", "Bosstraat",
	"Veldstraat", "Kouterstraat", "Ringlaan", "Processieweg", "Oude Baan",
	"Steenweg", "Lindenlaan", "Kastanjelaan", "Heirbaan", "Ambachtsweg",
	"Vaartstraat", "Kloosterstraat", "Weverijstraat", "Brouwerijstraat", "Ziekenhuislaan",
}
