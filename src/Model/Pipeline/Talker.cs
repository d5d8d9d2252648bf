using System.Diagnostics;
using KDTalker.Model.Audio;
using KDTalker.Model.Media;
using KDTalker.Model.Motion;
using KDTalker.Tensors;

namespace KDTalker.Model.Pipeline;

/// <summary>
/// The engine for apps: one portrait + one speech recording → a talking-head video, streamed frame by frame to an
/// <see cref="IFrameSink"/> (docs/PIPELINE.md end to end). Load once, generate many times.
/// </summary>
/// <example>
/// <code>
/// using var backend = Backends.Create(ComputeDevice.Auto); // KDTalker.Kernels: the best GPU, else the CPU
/// using var talker = Talker.Load(weightsPath, backend);
/// using var faces = FaceDetector.Load(FaceModels.DefaultFolder, backend);
/// var portrait = PortraitPreparation.Prepare(ImageFile.Load("photo.jpg"), faces, new PortraitOptions(), "photo.jpg");
/// using var speech = new AudioLoader().Open("speech.wav");
/// await using var sink = new AviWriter("talk.avi");
/// await talker.GenerateAsync(portrait, speech, sink, new GenerationOptions(), progress, cancellationToken);
/// </code>
/// </example>
public sealed class Talker : IDisposable
{
    /// <summary>Video frame rate.</summary>
    public const int FramesPerSecond = 25;

    private Talker(TalkerModels models) => Models = models;

    /// <summary>The networks (their weights' description, whether they are the released ones).</summary>
    public TalkerModels Models { get; }

    /// <summary>
    /// Loads the networks: a converted bundle, the upstream download folder, or <see cref="TalkerModels.TestWeightsName"/>
    /// for the small test networks (a pipeline check: the frames are not a face).
    /// </summary>
    public static Talker Load(string weights, IBackend backend, CancellationToken cancellationToken = default) =>
        new(TalkerModels.Load(weights, backend, cancellationToken));

    /// <summary>Generates the video of <paramref name="speech"/> (16 kHz mono) spoken by <paramref name="portrait"/>.</summary>
    /// <exception cref="ArgumentException">The audio is empty, silent or shorter than one frame (40 ms).</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the sink is left uncompleted (its owner disposes it, leaving nothing).</exception>
    public async Task<GenerationResult> GenerateAsync(PreparedPortrait portrait, IAudioSamples speech, IFrameSink sink, GenerationOptions options,
        IProgress<GenerationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(portrait);
        ArgumentNullException.ThrowIfNull(speech);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        SpeechCheck.Validate(speech);

        progress?.Report(new GenerationProgress(GenerationStage.Source, 0, 0, clock.Elapsed, null));
        using var source = await Task.Run(() => SourceEncoding.Encode(Models, portrait.Crop), cancellationToken).ConfigureAwait(false);
        var features = new AudioFeatures(Models.AudioEncoder).Stream(speech);
        int frames = features.Frames, samplesPerFrame = AudioLoader.SampleRate / FramesPerSecond;
        var (width, height) = portrait.FrameSize;
        await sink.OpenAsync(new VideoStreamInfo(width, height, FramesPerSecond, AudioLoader.SampleRate, frames), cancellationToken).ConfigureAwait(false);

        var motionOptions = new MotionOptions { Steps = options.Steps, Seed = options.Seed };
        var rendered = new FrameGenerator(Models).Frames(source, features, motionOptions, options.Controls, cancellationToken);
        using var enumerator = rendered.GetEnumerator();
        var audio = new float[samplesPerFrame];
        var pcm = new short[samplesPerFrame];
        progress?.Report(new GenerationProgress(GenerationStage.Rendering, 0, frames, clock.Elapsed, null));
        var renderClock = Stopwatch.StartNew();
        for (int index = 0; await Task.Run(enumerator.MoveNext, cancellationToken).ConfigureAwait(false); index++)
        {
            var (motion, frame) = enumerator.Current;
            options.MotionObserver?.Invoke(motion);
            speech.Read((long)index * samplesPerFrame, audio);
            Pcm16(audio, pcm);
            var output = portrait.PasteBack is null ? frame : portrait.PasteBack.Composite(frame);
            await sink.WriteFrameAsync(output, pcm, cancellationToken).ConfigureAwait(false);
            var remaining = TimeSpan.FromTicks(renderClock.Elapsed.Ticks / (index + 1) * (frames - index - 1));
            progress?.Report(new GenerationProgress(GenerationStage.Rendering, index + 1, frames, clock.Elapsed, remaining));
        }
        progress?.Report(new GenerationProgress(GenerationStage.Finishing, frames, frames, clock.Elapsed, TimeSpan.Zero));
        await sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
        return new GenerationResult(frames, TimeSpan.FromSeconds(frames / (double)FramesPerSecond), clock.Elapsed);
    }

    /// <summary>
    /// The motion of every frame without rendering (pose, expression and driving keypoints, for research and
    /// previews): far faster than <see cref="GenerateAsync"/>. Each frame's motion goes to
    /// <see cref="GenerationOptions.MotionObserver"/>.
    /// </summary>
    public async Task<GenerationResult> GenerateMotionAsync(PreparedPortrait portrait, IAudioSamples speech, GenerationOptions options,
        IProgress<GenerationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(portrait);
        ArgumentNullException.ThrowIfNull(speech);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        SpeechCheck.Validate(speech);
        using var source = await Task.Run(() => SourceEncoding.Encode(Models, portrait.Crop), cancellationToken).ConfigureAwait(false);
        var features = new AudioFeatures(Models.AudioEncoder).Stream(speech);
        var motion = new FrameGenerator(Models).Motion(source, features, new MotionOptions { Steps = options.Steps, Seed = options.Seed }, options.Controls, cancellationToken);
        int frames = 0;
        await Task.Run(() =>
        {
            foreach (var frame in motion)
            {
                options.MotionObserver?.Invoke(frame);
                progress?.Report(new GenerationProgress(GenerationStage.Motion, ++frames, features.Frames, clock.Elapsed, null));
            }
        }, cancellationToken).ConfigureAwait(false);
        return new GenerationResult(frames, TimeSpan.FromSeconds(frames / (double)FramesPerSecond), clock.Elapsed);
    }

    // float in [−1, 1) → 16-bit PCM, rounded and clamped (exact for audio that came from 16-bit samples).
    private static void Pcm16(ReadOnlySpan<float> samples, Span<short> pcm)
    {
        for (int i = 0; i < samples.Length; i++)
            pcm[i] = (short)Math.Clamp(Math.Round(samples[i] * 32768.0), short.MinValue, short.MaxValue);
    }

    /// <summary>Releases the networks.</summary>
    public void Dispose() => Models.Dispose();
}
