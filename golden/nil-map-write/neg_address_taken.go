package golden

import "encoding/json"

// decode fills the map through its address: the analysis gives up.
func decode(data []byte) (map[string]int, error) {
	var m map[string]int
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, err
	}
	m["decoded"] = 1
	return m, nil
}
