package p

type Graph map[string]map[string]int

// The inner map read into a variable is nil for a missing key; the made map
// must go back into the outer map, or the write is lost.
func connect(g Graph, from, to string) {
	edges := g[from]
	edges[to]++ // want `write to map edges that may be nil: it is read from g, whose missing keys hold nil maps`
}

func members(byTeam map[string]map[string]bool, team, user string) {
	users := byTeam[team]
	users[user] = true // want `write to map users that may be nil: it is read from byTeam, whose missing keys hold nil maps`
}

// Near misses that are fine: the inner map is made or checked first.
func connectMade(g Graph, from, to string) {
	if g[from] == nil {
		g[from] = map[string]int{}
	}
	edges := g[from]
	edges[to]++
}

func connectChecked(g Graph, from, to string) {
	edges := g[from]
	if edges == nil {
		edges = map[string]int{}
		g[from] = edges
	}
	edges[to]++
}

func connectKnown(g Graph, to string) {
	for from := range g {
		edges := g[from]
		edges[to]++
	}
}
