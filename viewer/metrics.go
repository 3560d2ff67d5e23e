package viewer

import (
	"github.com/otelagent/otelagent-go/semconv"
)

// maxSeries bounds the metric series a summary keeps; past it, new series
// are not counted (and the summary says so).
const maxSeries = 10000

// series identifies one metric series of the usage metrics, in one process
// run (a cumulative series restarts with each process: its start time
// tells the runs apart).
type series struct {
	metric, model, provider, agent, tokenType, start string
	count                                            bool // a histogram's count rather than its sum
}

// metricUsage holds the usage metrics: the last value of each cumulative
// series, the sum of each delta series.
type metricUsage struct {
	values  map[series]float64
	dropped int
}

// addMetric adds the data points of a usage metric; other metrics are
// only counted.
func (s *Summary) addMetric(m *jsonMetric) {
	s.DataPoints += m.points()
	var points []jsonPoint
	temporality := 0
	switch {
	case m.Name == semconv.ClientTokenUsageName && m.Histogram != nil:
		points, temporality = m.Histogram.DataPoints, m.Histogram.Temporality
	case (m.Name == semconv.CostUsageName || m.Name == semconv.UnpricedTokensName) && m.Sum != nil:
		points, temporality = m.Sum.DataPoints, m.Sum.Temporality
	default:
		return
	}
	if s.metrics.values == nil {
		s.metrics.values = map[series]float64{}
	}
	for _, p := range points {
		k := series{metric: m.Name, start: string(p.Start)}
		for _, kv := range p.Attributes {
			v, _ := kv.value().(string)
			switch kv.Key {
			case string(semconv.GenAIRequestModelKey):
				k.model = v
			case string(semconv.GenAIProviderNameKey):
				k.provider = v
			case string(semconv.GenAIAgentNameKey):
				k.agent = v
			case string(semconv.GenAITokenTypeKey):
				k.tokenType = v
			}
		}
		s.metrics.set(k, p.value(), temporality)
		if p.Count != nil && k.tokenType == semconv.TokenTypeInput {
			k.count = true
			s.metrics.set(k, p.Count.float(), temporality)
		}
	}
}

func (mu *metricUsage) set(k series, v float64, temporality int) {
	if _, ok := mu.values[k]; !ok && len(mu.values) >= maxSeries {
		mu.dropped++
		return
	}
	if temporality == 1 { // AGGREGATION_TEMPORALITY_DELTA
		mu.values[k] += v
	} else {
		mu.values[k] = v
	}
}

// MetricsUsage is the usage the metrics read say, by model and by agent:
// for input that holds metrics without the spans (a collector's
// metrics.jsonl alone). Chats is the number of calls that reported usage.
func (s *Summary) MetricsUsage() (byModel, byAgent []Usage) {
	models, agents := map[string]*Usage{}, map[string]*Usage{}
	for k, v := range s.metrics.values {
		for _, u := range []*Usage{
			bounded(models, k.model, func(n string) *Usage { return &Usage{Name: n, Provider: k.provider} }),
			bounded(agents, k.agent, func(n string) *Usage { return &Usage{Name: n} }),
		} {
			switch {
			case k.count:
				u.Chats += int(v)
			case k.metric == semconv.ClientTokenUsageName && k.tokenType == semconv.TokenTypeInput:
				u.InputTokens += int64(v)
			case k.metric == semconv.ClientTokenUsageName && k.tokenType == semconv.TokenTypeOutput:
				u.OutputTokens += int64(v)
			case k.metric == semconv.CostUsageName:
				u.CostUSD += v
			case k.metric == semconv.UnpricedTokensName && k.tokenType == semconv.TokenTypeInput:
				u.UnpricedInputTokens += int64(v)
			case k.metric == semconv.UnpricedTokensName && k.tokenType == semconv.TokenTypeOutput:
				u.UnpricedOutputTokens += int64(v)
			}
		}
	}
	return sortedUsage(models), sortedUsage(agents)
}
