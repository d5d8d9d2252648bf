using System.Diagnostics;
using KDTalker.Model.Audio;
using KDTalker.Tests.Audio;

namespace KDTalker.Bench;

/// <summary>
/// `bench resample`: a minute of 44.1 and 48 kHz audio to 16 kHz with our resampler and with NAudio's WDL resampler
/// (as its sample provider configures it, and in sinc mode), best of five, as times faster than real time and as a
/// ratio to ours. The quality of each is measured in ResamplerComparisonTests.
/// </summary>
internal static class ResampleTimings
{
    public static void Run()
    {
        var resamplers = new (string Name, Func<float[], int, int, float[]> Resample)[]
        {
            ("ours", (input, from, to) => Resampler.Resample(input, from, to)),
            ("NAudio WDL (provider)", NAudioWdl.Provider),
            ("NAudio WDL (sinc 64)", (input, from, to) => NAudioWdl.Sinc(input, from, to, 64)),
            ("NAudio WDL (sinc 256)", (input, from, to) => NAudioWdl.Sinc(input, from, to, 256)),
        };
        const int Seconds = 60;
        var random = new Random(1);
        foreach (int fromRate in new[] { 44100, 48000 })
        {
            var input = Enumerable.Range(0, Seconds * fromRate).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
            double? oursSeconds = null;
            foreach (var (name, resample) in resamplers)
            {
                double best = double.MaxValue;
                for (int run = 0; run < 5; run++)
                {
                    var clock = Stopwatch.StartNew();
                    resample(input, fromRate, 16000);
                    best = Math.Min(best, clock.Elapsed.TotalSeconds);
                }
                oursSeconds ??= best;
                Console.WriteLine($"{fromRate} → 16000  {name,-22} {best * 1000,8:F0} ms for {Seconds} s: {Seconds / best,6:F0}× real time, {best / oursSeconds:F2}× ours' time");
            }
        }
    }
}
