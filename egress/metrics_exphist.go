package egress

import (
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
)

func expHistAccess[N int64 | float64]() filterPointAccess[metricdata.ExponentialHistogramDataPoint[N]] {
	return filterPointAccess[metricdata.ExponentialHistogramDataPoint[N]]{
		attrs: func(p *metricdata.ExponentialHistogramDataPoint[N]) *attribute.Set { return &p.Attributes },
		exemplarsClean: func(c *config, p *metricdata.ExponentialHistogramDataPoint[N]) bool {
			return filterExemplarsClean(c, p.Exemplars)
		},
		exemplars: func(c *config, p *metricdata.ExponentialHistogramDataPoint[N]) {
			p.Exemplars = filterExemplars(c, p.Exemplars)
		},
		merge: mergeExpHist[N],
	}
}

// mergeExpHist merges src into dst at the coarser of their two scales, the
// way the SDK itself downscales when a value falls out of range. A differing
// zero threshold keeps the larger one (buckets are not re-split; the two
// thresholds of one instrument are equal in practice).
func mergeExpHist[N int64 | float64](dst *metricdata.ExponentialHistogramDataPoint[N], src metricdata.ExponentialHistogramDataPoint[N]) {
	scale := min(dst.Scale, src.Scale)
	dst.PositiveBucket = mergeExpBuckets(
		filterDownscale(dst.PositiveBucket, dst.Scale-scale),
		filterDownscale(src.PositiveBucket, src.Scale-scale))
	dst.NegativeBucket = mergeExpBuckets(
		filterDownscale(dst.NegativeBucket, dst.Scale-scale),
		filterDownscale(src.NegativeBucket, src.Scale-scale))
	dst.Scale = scale
	dst.ZeroThreshold = max(dst.ZeroThreshold, src.ZeroThreshold)
	dst.Count += src.Count
	dst.ZeroCount += src.ZeroCount
	dst.Sum += src.Sum
	dst.Min = filterMinExtrema(dst.Min, src.Min)
	dst.Max = filterMaxExtrema(dst.Max, src.Max)
	filterMergeTimes(&dst.StartTime, &dst.Time, src.StartTime, src.Time)
	dst.Exemplars = filterConcat(dst.Exemplars, src.Exemplars)
}

// filterDownscale returns b with its scale lowered by shift: bucket index i
// becomes i >> shift (an arithmetic shift: floor division, also for
// negative indexes). It never modifies b.
func filterDownscale(b metricdata.ExponentialBucket, shift int32) metricdata.ExponentialBucket {
	if shift == 0 || len(b.Counts) == 0 {
		return b
	}
	lo := b.Offset >> shift
	hi := (b.Offset + int32(len(b.Counts)) - 1) >> shift
	counts := make([]uint64, hi-lo+1)
	for k, n := range b.Counts {
		counts[((b.Offset+int32(k))>>shift)-lo] += n
	}
	return metricdata.ExponentialBucket{Offset: lo, Counts: counts}
}

// mergeExpBuckets adds two bucket ranges of the same scale into a new one.
func mergeExpBuckets(a, b metricdata.ExponentialBucket) metricdata.ExponentialBucket {
	if len(b.Counts) == 0 {
		return a
	}
	if len(a.Counts) == 0 {
		return b
	}
	lo := min(a.Offset, b.Offset)
	hi := max(a.Offset+int32(len(a.Counts)), b.Offset+int32(len(b.Counts)))
	counts := make([]uint64, hi-lo)
	for k, n := range a.Counts {
		counts[a.Offset-lo+int32(k)] += n
	}
	for k, n := range b.Counts {
		counts[b.Offset-lo+int32(k)] += n
	}
	return metricdata.ExponentialBucket{Offset: lo, Counts: counts}
}
