using System.Text.Json;
using KDTalker.Model.Audio;
using KDTalker.Tensors;

namespace KDTalker.Model.SelfTest;

/// <summary>
/// Case g: Wav2Lip's mel spectrogram and KDTalker's per-frame windows, from the int16-derived float32 wave.
/// The config has no "module"; it is recognised by its "hparams". Tolerances: cropping is a copy (exact);
/// pre-emphasis 1e-12 absolute (same float64 expression as scipy's lfilter); |STFT| 1e-9 × its peak (our
/// FFT vs pocketfft, both float64); the float32 mel basis 1e-9 absolute (same float64 formulas, then rounded);
/// the normalised mel, the windows and the encoder input 1e-4 absolute on the [−4, 4] scale (README);
/// the window start indices must match exactly (0 mismatches allowed).
/// </summary>
internal sealed class MelRunner : GoldenRunner
{
    public override bool Handles(string module) => false;

    public override bool Handles(GoldenCase golden) => golden.Config.RootElement.TryGetProperty("hparams", out _);

    public override IReadOnlyList<GoldenComparison> Run(GoldenCase golden, IBackend backend)
    {
        var mel = new MelSpectrogram(Config(golden.Params("hparams"), golden.Config.RootElement));
        var wave = golden.Tensors.ReadFloat32("wav_float32");
        var cropped = mel.CropToVideoFrames(wave);
        var preemphasized = mel.Preemphasize(cropped.Span);
        int frames = mel.FrameCount(cropped.Length);
        var magnitude = mel.StftMagnitude(preemphasized);
        var spectrogram = mel.ToMel(magnitude, frames);
        mel.Normalize(spectrogram);
        var streamed = mel.Compute(cropped);

        int videoFrames = mel.VideoFrameCount(wave.Length), bands = mel.Config.MelBands;
        var windows = new double[videoFrames * bands * MelWindows.Length];
        var encoderInput = new float[windows.Length];
        for (int i = 0; i < videoFrames; i++)
        {
            MelWindows.Window(spectrogram, bands, frames, i).CopyTo(windows, i * bands * MelWindows.Length);
            MelWindows.Fill(spectrogram, bands, frames, i, encoderInput.AsSpan(i * bands * MelWindows.Length, bands * MelWindows.Length));
        }

        var expectedMagnitude = ReadFloat64(golden, "stft_magnitude");
        double peak = expectedMagnitude.Max(Math.Abs);
        return
        [
            Compare(golden, "wav_cropped", cropped.Span, 0),
            Compare64(golden, "preemphasized", preemphasized, 1e-12),
            GoldenComparison.Of("stft_magnitude", magnitude, expectedMagnitude, 1e-9 * peak),
            Compare(golden, "mel_basis", mel.MelBasis, 1e-9),
            Compare64(golden, "melspectrogram", spectrogram, ModuleTolerance),
            GoldenComparison.Of("melspectrogram_streamed", streamed, spectrogram, 0), // Compute in one pass vs the stages above, bitwise
            Compare64(golden, "indiv_mels", windows, ModuleTolerance),
            Compare(golden, "audio_encoder_input", encoderInput, ModuleTolerance),
            WindowStarts(golden, videoFrames, bands),
        ];
    }

    private static GoldenComparison Compare64(GoldenCase golden, string name, ReadOnlySpan<double> actual, double tolerance) =>
        GoldenComparison.Of(name, actual, ReadFloat64(golden, name), tolerance);

    /// <summary>
    /// The fixture stores no indices, so they are recovered from it: for each video frame, the starts s whose
    /// clamped columns s..s+15 of the recorded spectrogram reproduce the recorded window bit for bit.
    /// MaxAbs counts the frames (of <paramref name="videoFrames"/>) where <see cref="MelWindows.Start"/> is not among them.
    /// </summary>
    private static GoldenComparison WindowStarts(GoldenCase golden, int videoFrames, int bands)
    {
        var spectrogram = ReadFloat64(golden, "melspectrogram");
        var windows = ReadFloat64(golden, "indiv_mels");
        int frames = spectrogram.Length / bands, size = bands * MelWindows.Length, mismatches = 0;
        for (int i = 0; i < videoFrames; i++)
        {
            int offset = i * size;
            bool Matches(int start)
            {
                for (int m = 0; m < bands; m++)
                    for (int j = 0; j < MelWindows.Length; j++)
                        if (windows[offset + m * MelWindows.Length + j] != spectrogram[m * frames + Math.Clamp(start + j, 0, frames - 1)])
                            return false;
                return true;
            }
            var consistent = Enumerable.Range(-MelWindows.Length, frames + MelWindows.Length).Where(Matches).ToList();
            if (!consistent.Contains(MelWindows.Start(i)))
                mismatches++;
        }
        return new GoldenComparison("window_start_mismatches", mismatches, 0, 0);
    }

    private static MelSpectrogramConfig Config(JsonElement hparams, JsonElement root) => new()
    {
        SampleRate = root.GetProperty("sample_rate").GetInt32(),
        Fps = root.GetProperty("fps").GetInt32(),
        FftSize = hparams.GetProperty("n_fft").GetInt32(),
        HopSize = hparams.GetProperty("hop_size").GetInt32(),
        MelBands = hparams.GetProperty("num_mels").GetInt32(),
        MinFrequency = hparams.GetProperty("fmin").GetDouble(),
        MaxFrequency = hparams.GetProperty("fmax").GetDouble(),
        Preemphasis = hparams.GetProperty("preemphasis").GetDouble(),
        MinLevelDb = hparams.GetProperty("min_level_db").GetDouble(),
        RefLevelDb = hparams.GetProperty("ref_level_db").GetDouble(),
        MaxAbsValue = hparams.GetProperty("max_abs_value").GetDouble(),
    };
}
