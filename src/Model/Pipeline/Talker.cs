using System.Diagnostics;
using System.Runtime.CompilerServices;
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
        var muxer = new VideoMuxer(portrait, speech, sink);
        await muxer.OpenAsync(features.Frames, cancellationToken).ConfigureAwait(false);

        var motionOptions = new MotionOptions { Steps = options.Steps, Seed = options.Seed };
        var rendered = new FrameGenerator(Models).Frames(source, features, motionOptions, options.Controls, cancellationToken);
        var faces = Faces(rendered, options.MotionObserver, cancellationToken);
        return await MuxAsync(muxer, faces, features.Frames, clock, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Generates the video with the motion of every frame computed first (<see cref="ComputeMotionAsync"/>) and the
    /// frames rendered from it by <paramref name="renderer"/> (this process, or a render farm): the same video, byte
    /// for byte, as
    /// <see cref="GenerateAsync(PreparedPortrait, IAudioSamples, IFrameSink, GenerationOptions, IProgress{GenerationProgress}?, CancellationToken)"/>
    /// with the same seed, when the renderer runs this engine version with these weights.
    /// </summary>
    /// <exception cref="ArgumentException">The audio is empty, silent or shorter than one frame (40 ms).</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the sink is left uncompleted (its owner disposes it, leaving nothing).</exception>
    public async Task<GenerationResult> GenerateAsync(PreparedPortrait portrait, IAudioSamples speech, IFrameSink sink, GenerationOptions options,
        IFrameRenderer renderer, IProgress<GenerationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(portrait);
        ArgumentNullException.ThrowIfNull(speech);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(renderer);
        options.Validate();
        var clock = Stopwatch.StartNew();
        var muxer = new VideoMuxer(portrait, speech, sink);
        SpeechCheck.Validate(speech);
        await muxer.OpenAsync(new AudioFeatures(Models.AudioEncoder).Stream(speech).Frames, cancellationToken).ConfigureAwait(false);
        var motion = await ComputeMotionAsync(portrait, speech, options, progress, cancellationToken).ConfigureAwait(false);
        var faces = renderer.RenderAsync(portrait.Crop, motion, cancellationToken);
        return await MuxAsync(muxer, faces, motion.Frames, clock, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The motion of every frame without rendering (pose, expression and driving keypoints, for research and
    /// previews): far faster than
    /// <see cref="GenerateAsync(PreparedPortrait, IAudioSamples, IFrameSink, GenerationOptions, IProgress{GenerationProgress}?, CancellationToken)"/>.
    /// Each frame's motion goes to <see cref="GenerationOptions.MotionObserver"/>.
    /// </summary>
    public async Task<GenerationResult> GenerateMotionAsync(PreparedPortrait portrait, IAudioSamples speech, GenerationOptions options,
        IProgress<GenerationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var motion = await ComputeMotionAsync(portrait, speech, options, progress, cancellationToken).ConfigureAwait(false);
        return new GenerationResult(motion.Frames, TimeSpan.FromSeconds(motion.Frames / (double)FramesPerSecond), clock.Elapsed);
    }

    /// <summary>
    /// The whole video's motion (diffusion, smoothing, composition): every frame's driving keypoints, from which any
    /// frame range renders. Each frame's motion also goes to <see cref="GenerationOptions.MotionObserver"/>, in order.
    /// </summary>
    /// <exception cref="ArgumentException">The audio is empty, silent or shorter than one frame (40 ms).</exception>
    public async Task<MotionTrack> ComputeMotionAsync(PreparedPortrait portrait, IAudioSamples speech, GenerationOptions options,
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
        var motion = new FrameGenerator(Models).Motion(source, features, new MotionOptions { Steps = options.Steps, Seed = options.Seed },
            options.Controls, cancellationToken);
        int valuesPerFrame = source.Keypoints.Values.Length;
        var keypoints = new float[(long)features.Frames * valuesPerFrame];
        int frames = 0;
        await Task.Run(() =>
        {
            foreach (var frame in motion)
            {
                options.MotionObserver?.Invoke(frame);
                frame.Driving.Keypoints.Values.CopyTo(keypoints.AsSpan(checked((int)((long)frames * valuesPerFrame))));
                frames++;
                progress?.Report(new GenerationProgress(GenerationStage.Motion, frames, features.Frames, clock.Elapsed, null));
            }
        }, cancellationToken).ConfigureAwait(false);
        return new MotionTrack(0, valuesPerFrame, frames == features.Frames ? keypoints : keypoints[..(frames * valuesPerFrame)]);
    }

    // The rendered frames as they come, the motion observer hearing each frame's motion; one frame per MoveNext, off the caller's thread.
    private static async IAsyncEnumerable<RgbImage> Faces(IEnumerable<(FrameMotion Motion, RgbImage Frame)> rendered, Action<FrameMotion>? observer,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var enumerator = rendered.GetEnumerator();
        while (await Task.Run(enumerator.MoveNext, cancellationToken).ConfigureAwait(false))
        {
            observer?.Invoke(enumerator.Current.Motion);
            yield return enumerator.Current.Frame;
        }
    }

    private static async Task<GenerationResult> MuxAsync(VideoMuxer muxer, IAsyncEnumerable<RgbImage> faces, int frames, Stopwatch clock,
        IProgress<GenerationProgress>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(new GenerationProgress(GenerationStage.Rendering, 0, frames, clock.Elapsed, null));
        var renderClock = Stopwatch.StartNew();
        int written = await muxer.WriteAsync(faces, done =>
        {
            var remaining = TimeSpan.FromTicks(renderClock.Elapsed.Ticks / done * (frames - done));
            progress?.Report(new GenerationProgress(GenerationStage.Rendering, done, frames, clock.Elapsed, remaining));
        }, cancellationToken).ConfigureAwait(false);
        if (written != frames)
            throw new InvalidOperationException($"The renderer produced {written} frames of {frames}.");
        progress?.Report(new GenerationProgress(GenerationStage.Finishing, frames, frames, clock.Elapsed, TimeSpan.Zero));
        await muxer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        return new GenerationResult(frames, TimeSpan.FromSeconds(frames / (double)FramesPerSecond), clock.Elapsed);
    }

    /// <summary>Releases the networks.</summary>
    public void Dispose() => Models.Dispose();
}
