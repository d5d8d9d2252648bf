using KDTalker.Model.Audio;
using KDTalker.Model.Media;
using KDTalker.Model.Pipeline;

namespace KDTalker.Web.Jobs;

/// <summary>
/// Renders one job into its folder: the video, both keypoint exports and the pose plot, each written under a
/// temporary name and renamed when complete (so a cancelled or failed job leaves only its inputs).
/// </summary>
internal sealed class JobRenderer(Engine engine, JobFolders folders)
{
    /// <summary>The video's file name for a format.</summary>
    public static string VideoFileName(VideoFormat format) => "video" + FrameSinks.Extension(format);

    /// <summary>Renders <paramref name="job"/>; progress and previews go to <paramref name="live"/>.</summary>
    public async Task<GenerationResult> RenderAsync(JobRecord job, LiveJob live, IProgress<GenerationProgress> progress, CancellationToken cancellationToken)
    {
        var settings = job.Settings;
        var photo = ImageFile.Load(folders.File(job.Id, job.ImageFile));
        var portrait = settings.NoCrop
            ? PortraitPreparation.Prepare(photo, null, settings.ToPortraitOptions(), job.ImageName)
            : await engine.WithFacesAsync(faces => PortraitPreparation.Prepare(photo, faces, settings.ToPortraitOptions(), job.ImageName,
                cancellationToken), cancellationToken);
        using var speech = new AudioLoader().Open(folders.File(job.Id, job.AudioFile), cancellationToken);
        SpeechCheck.Validate(speech, job.AudioName);
        var talker = await engine.TalkerAsync(cancellationToken);

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
            result = await talker.GenerateAsync(portrait, speech, sink, options, progress, cancellationToken);
        json.Complete();
        csv.Complete();
        PngFile.Write(PosePlot.Draw(yaw, pitch, roll, Talker.FramesPerSecond), folders.File(job.Id, JobFolders.PosePlot));
        return result;
    }
}
