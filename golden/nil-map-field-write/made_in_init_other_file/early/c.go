package early

type peakT struct {
	counts map[string]int
}

// peak is declared here and made by the init of b.go.
var peak peakT
