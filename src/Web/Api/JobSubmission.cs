using KDTalker.Model.Audio;
using KDTalker.Model.Face;
using KDTalker.Model.Media;
using KDTalker.Model.Pipeline;
using KDTalker.Web.Jobs;
using KDTalker.Web.Uploads;
using Microsoft.AspNetCore.Http;
using StbImageSharp;

namespace KDTalker.Web.Api;

/// <summary>
/// <c>POST /api/jobs</c>: checks everything a render will need before it is queued (sizes, types from content,
/// pixels, the photo decodes, the face is found, the speech decodes, is long enough, not silent and not too long,
/// the options), then stores the inputs under names of its own and queues the job.
/// </summary>
internal sealed class JobSubmission(IJobStore store, JobQueue queue, JobFolders folders, Engine engine, ServerOptions options)
{
    public const string ImageTypes = "JPEG, PNG, BMP or GIF", AudioTypes = "WAV, or MP3, Ogg, FLAC, WebM or M4A (those need ffmpeg)";

    public async Task<JobView> SubmitAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var form = await UploadForm.ReadAsync(request, options, cancellationToken);
        var settings = SettingsForm.Parse(form);
        var image = await Upload.ReadAsync(form, "image", "photo", ImageTypes, bytes => ContentSniffer.Image(bytes), cancellationToken);
        var audio = await Upload.ReadAsync(form, "audio", "speech recording", AudioTypes, bytes => ContentSniffer.Audio(bytes), cancellationToken);
        var photo = DecodePhoto(image, options.MaxPixels);
        if (queue.Count >= options.MaxQueuedJobs)
            throw new ApiException(503, $"{queue.Count} jobs are already waiting; try again when some have finished.");

        string id = JobFolders.NewId();
        var job = new JobRecord(id, JobState.Queued, settings, "photo" + image.Extension, "speech" + audio.Extension, image.DisplayName,
            audio.DisplayName, DateTimeOffset.UtcNow);
        Directory.CreateDirectory(folders.Folder(id));
        try
        {
            await File.WriteAllBytesAsync(folders.File(id, job.ImageFile), image.Bytes, cancellationToken);
            await File.WriteAllBytesAsync(folders.File(id, job.AudioFile), audio.Bytes, cancellationToken);
            CheckSpeech(folders.File(id, job.AudioFile), audio.DisplayName, cancellationToken);
            if (!settings.NoCrop)
                await CheckFaceAsync(photo, settings, image.DisplayName, cancellationToken);
            store.Add(job);
        }
        catch
        {
            folders.Delete(id);
            throw;
        }
        var live = queue.Enqueue(job);
        return JobView.Of(live.Snapshot().Record);
    }

    /// <summary>Decodes the photo after checking its pixel count from the header (a huge image is refused before it is decoded).</summary>
    public static RgbImage DecodePhoto(Upload image, long maxPixels)
    {
        var info = ImageInfo.FromStream(new MemoryStream(image.Bytes))
            ?? throw new ApiException(400, $"{image.DisplayName} is not a readable image: its header is damaged.");
        if ((long)info.Width * info.Height > maxPixels)
            throw new ApiException(413, $"{image.DisplayName} is {info.Width}×{info.Height} = {(long)info.Width * info.Height / 1e6:F1} megapixels; " +
                $"this service takes at most {maxPixels / 1e6:F1}. Scale it down first.");
        return ImageFile.Load(new MemoryStream(image.Bytes), image.DisplayName);
    }

    private void CheckSpeech(string path, string name, CancellationToken cancellationToken)
    {
        using var speech = new AudioLoader().Open(path, cancellationToken);
        double seconds = speech.Length / (double)AudioLoader.SampleRate;
        if (seconds > options.MaxAudioSeconds)
            throw new ApiException(413, $"{name} lasts {seconds:F1} s; this service takes at most {options.MaxAudioSeconds:F0} s of speech. Shorten it first.");
        SpeechCheck.Validate(speech, name);
    }

    private async Task CheckFaceAsync(RgbImage photo, JobSettings settings, string name, CancellationToken cancellationToken)
    {
        var faces = await engine.WithFacesAsync(detector => FaceFinder.Find(detector, photo, cancellationToken), cancellationToken);
        FaceFinder.Choose(faces, settings.FaceIndex, name);
    }
}
