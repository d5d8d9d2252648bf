using System.Security.Cryptography;
using System.Text.Json;
using KDTalker.Model.Audio;
using KDTalker.Model.Media;
using KDTalker.Model.Pipeline;

namespace KDTalker.Web.Jobs;

/// <summary>
/// Renders one job into its folder: the video, both keypoint exports and the pose plot, each written under a
/// temporary name and renamed when complete (so a cancelled or failed job leaves only its inputs). The motion is
/// computed first, then the frames go through the engine's renderer (this process or a farm) and the job's
/// <see cref="FrameJournal"/>: a job stopped by a restart or a crash resumes at its first missing frame.
/// </summary>
internal sealed class JobRenderer(Engine engine, JobFolders folders)
{
    /// <summary>The video's file name for a format.</summary>
    public static string VideoFileName(VideoFormat format) => "video" + FrameSinks.Extension(format);

    /// <summary>
    /// Renders <paramref name="job"/>; progress and previews go to <paramref name="live"/>. Returns the result and the
    /// frames taken from the journal (rendered before a restart). The journal is deleted when the video is complete.
    /// </summary>
    public async Task<(GenerationResult Result, int Resumed)> RenderAsync(JobRecord job, LiveJob live, IProgress<GenerationProgress> progress,
        CancellationToken cancellationToken)
    {
        var settings = job.Settings;
        var photo = ImageFile.Load(folders.File(job.Id, job.ImageFile));
        var portrait = settings.NoCrop
            ? PortraitPreparation.Prepare(photo, null, settings.ToPortraitOptions(), job.ImageName)
            : await engine.WithFacesAsync(faces => PortraitPreparation.Prepare(photo, faces, settings.ToPortraitOptions(), job.ImageName,
                cancellationToken), cancellationToken);
        using var speech = new AudioLoader().Open(folders.File(job.Id, job.AudioFile), cancellationToken);
        SpeechCheck.Validate(speech, job.AudioName);
        var engineState = await engine.LoadedAsync(cancellationToken);
        var journal = FrameJournal.Open(folders.Journal(job.Id), JournalKey(engineState.Build, settings, portrait, speech));
        var renderer = new JournaledFrameRenderer(engineState.Renderer, journal);

        using var json = new KeypointsWriter(folders.File(job.Id, JobFolders.KeypointsJson), Talker.FramesPerSecond);
        using var csv = new KeypointsWriter(folders.File(job.Id, JobFolders.KeypointsCsv), Talker.FramesPerSecond);
        var yaw = new List<float>();
        var pitch = new List<float>();
        var roll = new List<float>();
        var options = settings.ToGenerationOptions() with
        {
            MotionObserver = motion =>
            {
                json.Write(motion);
                csv.Write(motion);
                yaw.Add(motion.Generated.Yaw);
                pitch.Add(motion.Generated.Pitch);
                roll.Add(motion.Generated.Roll);
            },
        };
        GenerationResult result;
        await using (var sink = new PreviewSink(FrameSinks.Create(engine.VideoFormat, folders.File(job.Id, VideoFileName(engine.VideoFormat))),
            live.PublishPreview, TimeSpan.FromSeconds(0.5)))
            result = await engineState.Talker.GenerateAsync(portrait, speech, sink, options, renderer, progress, cancellationToken);
        json.Complete();
        csv.Complete();
        PngFile.Write(PosePlot.Draw(yaw, pitch, roll, Talker.FramesPerSecond), folders.File(job.Id, JobFolders.PosePlot));
        journal.Delete();
        return (result, renderer.Reused);
    }

    // What the job's frames depend on besides its stored inputs: the engine build and weights, the settings, the crop
    // (which also depends on the face detector) and the speech's length.
    private static string JournalKey(string build, JobSettings settings, PreparedPortrait portrait, IAudioSamples speech) =>
        $"{build}\n{JsonSerializer.Serialize(settings)}\ncrop {Convert.ToHexStringLower(SHA256.HashData(portrait.Crop.Pixels))}\nsamples {speech.Length}\n";
}
