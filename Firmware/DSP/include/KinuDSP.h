// KinuDSP: the few inner loops that want the Cortex-M4's DSP instructions (SIMD on two
// 16-bit lanes), which Swift cannot emit. Each function has one portable C body too; the
// two give the same result bit for bit (exact integer sums), so the host and the firmware
// decide alike. The firmware's smoke test compares them on the emulated M4.
#ifndef KINU_DSP_H
#define KINU_DSP_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The template matcher's shape: 16 steps of 12 coefficients; the DTW bands of its two
/// views (how far, in steps, an alignment may stray from the diagonal).
#define KINU_TEMPLATE_STEPS 16
#define KINU_TEMPLATE_COEFFICIENTS 12
#define KINU_DTW_BAND_A 3
#define KINU_DTW_BAND_B 3
/// A stored template: the 16 x 12 sequence, then 52 bytes of statistics (Template.swift),
/// of which the first 50 are compared.
#define KINU_TEMPLATE_STATISTICS 52
#define KINU_COMPARED_STATISTICS 50
#define KINU_TEMPLATE_BYTES 244
_Static_assert(KINU_TEMPLATE_BYTES == KINU_TEMPLATE_STEPS * KINU_TEMPLATE_COEFFICIENTS + KINU_TEMPLATE_STATISTICS,
               "a template is its sequence and its statistics");
/// Words per step of a view: a query's (13 bytes) and a stored example's (13 16-bit
/// lanes), see kinu_query_views and kinu_example_views.
#define KINU_QUERY_VIEW_WORDS 4
#define KINU_EXAMPLE_VIEW_WORDS 8
/// A unit vector's length in its values: 127 (one step compared with itself scores 127^2).
#define KINU_UNIT 127
/// Each step's vector gets this constant last component (in the template's units, 1/32
/// weighted octave: one octave), so a step with little spectral shape (near silence) points
/// along it and is compared as "flat" instead of having its small wiggles blown up.
#define KINU_COSINE_FLOOR 32

/// The template matcher's two views of a 16 x 12 Int8 template `x`: per step t a vector
/// of 13 values scaled to length KINU_UNIT and rounded. With S[k] the sum of column k over
/// the 16 steps:
///   view A: 16 x[t][k] - S[k] for k = 0..11 (mean-normalised), then 16 x KINU_COSINE_FLOOR;
///   view B: 16 x[t][k] for k = 0..11 (raw), then 16 x KINU_COSINE_FLOOR.
/// A query's steps are 13 bytes and 3 zero bytes (the DTW widens each row once); a stored
/// example's are 16-bit lanes, paired as the Cortex-M4 widens bytes 0 and 2, 1 and 3:
/// (v0, v2) (v1, v3) (v4, v6) (v5, v7) (v8, v10) (v9, v11) (v12, 0).
void kinu_query_views(const int8_t *x, uint32_t *view_a, uint32_t *view_b);
void kinu_example_views(const int8_t *x, uint32_t *view_a, uint32_t *view_b);

/// Banded symmetric DTW between a query's and an example's views over 16 steps, band
/// KINU_DTW_BAND_A or _B: cell (i, j) (|i - j| <= band) costs KINU_UNIT^2 minus the dot
/// product of step i of `query` and step j of `example` (the cosine distance, scaled;
/// at least 0), a diagonal move counts it twice, the path runs from (0, 0) to (15, 15).
/// Every path crosses every row with costs that never decrease, so once a row's cheapest
/// cell reaches `stop_at` it returns that cell's cost (some value >= stop_at); below
/// `stop_at` the result is exact.
int32_t kinu_warp_a(const uint32_t *query, const uint32_t *example, int32_t stop_at);
int32_t kinu_warp_b(const uint32_t *query, const uint32_t *example, int32_t stop_at);

/// The matcher's first stage: the templates at half their time resolution (8 steps).
#define KINU_COARSE_STEPS 8
/// Words of a coarse view: 8 steps x 12 bytes, then the 12 means (see kinu_coarse_view).
#define KINU_COARSE_WORDS 27

/// The coarse view of a 16 x 12 Int8 template `x`: step j = (x[2j][k] + x[2j+1][k]) >> 1,
/// then the means m[k] as a tree of such halving averages over the 8 steps ((s0 + s1) >> 1,
/// and so on); every byte biased by +128 (3 words per step, 3 words of means).
void kinu_coarse_view(const int8_t *x, uint32_t *view);

/// The first stage's distance between a query's coarse view (kinu_coarse_view) and each
/// of `count` stored templates (`templates`: KINU_TEMPLATE_BYTES each, one after the other,
/// the sequence first): a
/// banded symmetric DTW over the 8 coarse steps, band 1, in which cell (i, j) costs
///   3 sum_k |q[i][k] - e[j][k]| + 4 sum_k |q[i][k] - clamp(e[j][k] + mq[k] - me[k])|
/// (raw, and mean-normalised; e the template's coarse view, clamp to the byte range), a
/// diagonal move counting twice, from (0, 0) to (7, 7). out[n] is template n's distance,
/// or INT32_MAX where its 4 bytes of `sequences` are all zero (an empty slot of the model
/// image). Cheap enough to run against every stored example, close enough to the full
/// distance to pick the few examples worth comparing in full.
void kinu_coarse_distances(const uint32_t *query, const int8_t *templates, const uint8_t *sequences, int32_t count,
                           int32_t *out);

/// Background subtraction's table step, as a shift (entries every 2 Q8 units).
#define KINU_SUBTRACTION_STEP_SHIFT 1

/// The event detector's summed excess of a frame over its bands' thresholds (Q8 octaves):
/// sum over b of max(0, frame[b] - thresholds[b]).
int32_t kinu_band_activity(const int16_t *frame, const int32_t *thresholds, int32_t bands);

/// Copies one frame of `bands` int16 values, two at a time (the detector's pre-roll and
/// event buffer take a frame every 20 ms). `to` may overlap `from` only at or below it.
void kinu_copy_bands(const int16_t *from, int16_t *to, int32_t bands);

/// How the detector's floors follow a frame (DetectorConfig's shifts, Q8 values).
typedef struct {
    int32_t lowest, rise_shift, fall_shift, deviation_shift, margin, factor;
} kinu_floor_tracking;

/// Floors and deviations carry this many bits below the Q8 octave (Q16).
#define KINU_FLOOR_FRACTION_BITS 8

/// Moves each band's floor towards the frame (clamped at `lowest`) by the difference
/// shifted right (`fall_shift` down, `rise_shift` up; never below `lowest`), its deviation
/// towards the difference's size by `deviation_shift`, and sets its threshold to
/// floor + max(margin, factor x deviation), rounded to Q8. Floors and deviations are Q8
/// octaves with KINU_FLOOR_FRACTION_BITS more; frames, `lowest`, `margin` and the
/// thresholds are Q8.
void kinu_track_floors(const int16_t *frame, int32_t *floors, int32_t *deviations, int32_t *thresholds, int32_t bands,
                       const kinu_floor_tracking *tracking);

/// Takes the background out of `count` frames of `bands` int16 log-mel values (Q8 octaves,
/// frame after frame), in place: with the band's background floors[b] + deviations[b]
/// (the detector's, with KINU_FLOOR_FRACTION_BITS below the Q8 octave) rounded to Q8,
/// a value d = x - background above its
/// band's background and below `end` becomes x + the correction interpolated in `table`
/// (entries every 2^KINU_SUBTRACTION_STEP_SHIFT of d from 0, d < 0 counting as 0; values
/// from `end` on are left as they are). See BackgroundSubtraction.swift.
void kinu_subtract_background(int16_t *frames, int32_t count, int32_t bands, const int32_t *floors,
                              const int32_t *deviations, const int16_t *table, int32_t end);

/// Sum of `count` Int16 values (`count` even).
int32_t kinu_sum_int16(const int16_t *a, int32_t count);

/// The template's band groups: five neighbouring mel bands each (KINU_MEL_BANDS = 8 x 5).
#define KINU_GROUPS 8

/// For each of `count` frames (KINU_MEL_BANDS values each, one after the other), each band
/// group's level: levels[8 f + g] = sum of max(floor, x) over bands 5 g ... 5 g + 4.
void kinu_group_levels(const int16_t *frames, int32_t count, int16_t floor, int32_t *levels);

/// The template encoder's cepstra of one frame: each of the `bands` values of `frame`
/// raised to at least `floor`, then out[i] = (sum_b floored[b] * dct[i * bands + b] +
/// 2^15) >> 16 for i < `coefficients`. `bands` a multiple of 4 and at most KINU_MEL_BANDS,
/// `coefficients` even; |dct| < 2^9 and |frame| < 2^14 (log-mel values after the
/// background is taken out reach about -9000), so the sums fit in Int32. Row i of `dct`
/// (counting from 0) must be antisymmetric about the middle band for even i and symmetric
/// for odd i, as the rows of c1, c2, ... are: the M4 body folds the frame, adding or
/// subtracting mirrored bands in 16-bit lanes, which |frame| < 2^14 keeps from overflowing.
void kinu_floored_dct(const int16_t *frame, int16_t floor, const int16_t *dct, int32_t bands, int32_t coefficients,
                      int32_t *out);

/// Returned by kinu_window_fft256_q15 for a window with nothing but its mean.
#define KINU_SILENT (-128)

/// What the window kernel needs to know of a run of samples before it scales them: their
/// sum, and the largest and smallest of the even and of the odd samples, each biased by
/// 2^15 (two unsigned 16-bit lanes, even samples in bits 0-15). An empty run: sum 0, high
/// 0, low 0xFFFFFFFF.
typedef struct {
    int32_t sum;
    uint32_t high;
    uint32_t low;
} kinu_sample_stats;

/// Copies `count` samples (any count, either pointer unaligned) and adds them to `stats`:
/// the front end's window buffer learns each block's statistics as the samples arrive,
/// so the window kernel does not read its 480 samples twice.
void kinu_copy_samples(const int16_t *from, int16_t *to, int32_t count, kinu_sample_stats *stats);

/// Moves the newest `keep` of `length` samples to the front (the front end's window
/// slides by a hop). `window` is 4-byte aligned; `keep` and `length` are even.
void kinu_slide_window(int16_t *window, int32_t length, int32_t keep);

/// One analysis window through the FFT. `x` and `window` hold 512 entries, of which the
/// first `count` (even, at least 2) are the analysis window: `stats` (`stats_count`
/// entries) describe those samples, in any division (kinu_copy_samples), and `window` is
/// zero from `count` on (the rest of `x` may hold anything). The samples lose their mean
/// (rounded to nearest), are shifted so the largest magnitude lies in [2^13, 2^14) (block
/// floating point), multiplied by `window` (Q15, products rounded to nearest) and packed
/// as 256 complex values z[n] = x[2n] + i x[2n+1] (real part in bits 0-15, imaginary in
/// bits 16-31); then they are transformed exactly as kinu_fft256_q15 transforms them
/// from bit-reversed order (on the M4 the windowing feeds the FFT's first pass directly).
/// Returns the shift (negative for a right shift) and stores the FFT's halvings in
/// `halvings`; or returns KINU_SILENT (z untouched) for a window with nothing but its
/// mean.
int32_t kinu_window_fft256_q15(const int16_t *x, int32_t count, const kinu_sample_stats *stats, int32_t stats_count,
                               const int16_t *window, const uint8_t *bit_reversed, const uint32_t *twiddles,
                               uint32_t *z, int32_t *halvings);

/// Packs `count` (even, at most 512) real values as the FFT's input, like the above
/// without centring, scaling or window (tests load arbitrary inputs with it).
void kinu_pack_q15(const int16_t *x, const uint8_t *bit_reversed, int32_t count, uint32_t *z);

/// In-place 256-point complex FFT on packed Q15 values, input bit-reversed (each part
/// within +-(2^14 - 1)), output in natural order: four radix-4 passes (the first without
/// multiplies). Block floating point per pass of two stages: a pass halves the outputs
/// of neither stage when all its inputs are below 2^12, of the second when they are below
/// 2^13, else of both. Returns the number of halvings h:
/// the output is the DFT / 2^h. `twiddles` holds W512^k = cos - i sin (2 pi k / 512) for
/// k = 0...256 as packed (cos, sin), Q15.
int32_t kinu_fft256_q15(uint32_t *z, const uint32_t *twiddles);

/// Power spectrum of the 512-point real input behind `z` (the FFT's output), for bins
/// first...last (0 <= first <= last <= 256): power[k - first] = |X[k] / 2|^2 with X in
/// the FFT's scale (X = DFT / 2^h). Below 2^30.
void kinu_split_power_q15(const uint32_t *z, const uint32_t *twiddles, int32_t first, int32_t last, uint32_t *power);

/// Mel bands of the front end.
#define KINU_MEL_BANDS 40

/// The statistics distance of each of `count` stored templates (`templates`, as for
/// kinu_coarse_distances) to the query's statistics (`query`: its KINU_TEMPLATE_STATISTICS
/// bytes, word aligned): sum |q[i] - e[i]| over the first KINU_COMPARED_STATISTICS bytes,
/// as unsigned bytes (USADA8, four per instruction, on the M4). INT32_MAX for an empty slot.
void kinu_statistics_distances(const uint32_t *query, const int8_t *templates, const uint8_t *sequences, int32_t count,
                               int32_t *out);

/// The smallest statistics distance (as kinu_statistics_distances) from `query` to the
/// non-empty templates among `count`, leaving out those at indices skip_from ..< skip_to
/// (the query's own class); INT32_MAX if there is none.
int32_t kinu_nearest_statistics(const uint32_t *query, const int8_t *templates, const uint8_t *sequences, int32_t count,
                                int32_t skip_from, int32_t skip_to);

/// A slot whose example has no hub distance (no other class has examples).
#define KINU_NO_HUB 0xFFFF

/// Mixes each of `count` sequence distances with its statistics distance and takes off the
/// example's hub correction, in place:
/// d = max(0, min(INT32_MAX, (d >> shift) + ((s * weight) >> 3)) - ((h * hub_weight) >> 6)),
/// h = hubs[n], no correction where h is KINU_NO_HUB; INT32_MAX (an empty slot) stays.
/// TemplateMatcher.combined and SoundLearner's hub correction for a whole store, which the
/// first stage runs on every example.
void kinu_add_statistics(int32_t *distances, const int32_t *statistics, const uint16_t *hubs, int32_t count,
                         int32_t shift, int32_t weight, int32_t hub_weight);

/// The mel filterbank and log of one frame. `power` holds the bins from the first one any
/// filter touches on (each below 2^30), segment after segment: bins_per_segment[j] bins
/// in segment j (j = 0...40, each at least 1); a bin of segment j feeds filter j with weight rise / 2^16
/// and filter j - 1 with the rest (filters numbered 0...39; segment 0's falling and
/// segment 40's rising side feed nothing). Then features[b] = log2(energy of filter b)
/// in Q8 (`log2_table`: log2(1 + i/32), i = 0...32, Q16) minus `scale_q8`, clamped to
/// [floor_q8, 32767]; floor_q8 for an empty filter.
/// With `peakiness` (KINU_PEAK_OCTAVES bytes; NULL: not measured), also each octave's
/// peakiness: log2(n sum q^2 / (sum p)^2) + 4 over its n bins, q = p / 4 rounded down (so the
/// sums stay in 64 bits; for the power of a sound the same as p^2 / 16), that is log2(n
/// sum p^2 / (sum p)^2), in 1/32 octave, rounded and clamped to 0...255 (0 for a flat
/// spectrum, log2 n for a single peak; 0 for an octave with no power, and for one whose
/// every bin is below 4, where q is 0: only digital near-silence). The octaves are
/// groups of whole segments: bins 5-7, 8-14, 15-32, 33-63, 64-127 and 128-239 (156 Hz to
/// 7.5 kHz).
void kinu_mel_log2_q8(const uint32_t *power, const uint8_t *bins_per_segment, const uint16_t *rise,
                      const uint32_t *log2_table, int32_t scale_q8, int32_t floor_q8, int16_t *features,
                      uint8_t *peakiness);

/// Octaves whose peakiness the front end measures (SpectralPeaks).
#define KINU_PEAK_OCTAVES 6

/// Octaves of modulation frequency in a template's loudness rhythm (LoudnessRhythm.swift).
#define KINU_RHYTHM_OCTAVES 6

/// The loudness rhythm's energies: for `count` loudness values (Q8; count <= lags <= 100),
/// their mean removed (count x value - sum), a triangular window min(t + 1, count - t),
/// scaled down by a power of two until every |value| <= 2^11, their autocorrelation r(lag),
/// lag < count; then energies[o] = sum over lag of r(lag) cosines[o * lags + lag] for the
/// KINU_RHYTHM_OCTAVES rows of `cosines` (|entries| < 2^22). `scratch` holds
/// count + count / 2 + 1 words.
void kinu_rhythm_energies(const int16_t *loudness, int32_t count, const int32_t *cosines, int32_t lags,
                          int32_t *scratch, int64_t *energies);
/// The same with the portable autocorrelation, for the firmware's smoke test.
void kinu_rhythm_energies_portable(const int16_t *loudness, int32_t count, const int32_t *cosines, int32_t lags,
                                   int32_t *scratch, int64_t *energies);

/// log2(value) in Q8 (1/256 octave): the integer part from the leading-zero count, the
/// fraction from `log2_table` with linear interpolation (error < 0.0002 octaves).
/// INT32_MIN for zero.
int32_t kinu_log2_q8(uint64_t value, const uint32_t *table);

/// The portable bodies of the copy, window, FFT, split, DTW and coarse DTW kernels, under their own names in
/// every build, so the firmware can compare them with its DSP-instruction bodies.
void kinu_copy_samples_portable(const int16_t *from, int16_t *to, int32_t count, kinu_sample_stats *stats);
int32_t kinu_window_fft256_q15_portable(const int16_t *x, int32_t count, const kinu_sample_stats *stats,
                                        int32_t stats_count, const int16_t *window, const uint8_t *bit_reversed,
                                        const uint32_t *twiddles, uint32_t *z, int32_t *halvings);
int32_t kinu_fft256_q15_portable(uint32_t *z, const uint32_t *twiddles);
void kinu_split_power_q15_portable(const uint32_t *z, const uint32_t *twiddles, int32_t first, int32_t last,
                                   uint32_t *power);
int32_t kinu_warp_a_portable(const uint32_t *query, const uint32_t *example, int32_t stop_at);
int32_t kinu_warp_b_portable(const uint32_t *query, const uint32_t *example, int32_t stop_at);
void kinu_coarse_view_portable(const int8_t *x, uint32_t *view);
void kinu_coarse_distances_portable(const uint32_t *query, const int8_t *templates, const uint8_t *sequences,
                                    int32_t count, int32_t *out);

void kinu_statistics_distances_portable(const uint32_t *query, const int8_t *templates, const uint8_t *sequences,
                                        int32_t count, int32_t *out);

/// 1 when this build uses the DSP instructions, 0 for the portable body.
int32_t kinu_dsp_uses_simd(void);

#ifdef __cplusplus
}
#endif

#endif
