using System.Net;
using System.Text.Json;
using KDTalker.Model.Media;
using StbImageWriteSharp;
using Xunit;

namespace KDTalker.Tests.Web;

/// <summary>Bad and oversized uploads are refused before any work, each with a JSON message saying what is wrong; nothing is queued.</summary>
[Collection(WebServiceCollection.Name)]
public sealed class UploadCheckTests : IAsyncLifetime
{
    private ServiceHost _host = null!;

    public async Task InitializeAsync() => _host = await ServiceHost.StartAsync(options => options with
    {
        MaxUploadBytes = 2_000_000,
        MaxPixels = 1_000_000,
        MaxAudioSeconds = 2,
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<(HttpStatusCode Status, string Error)> Submit(byte[] photo, byte[] speech, params (string, string)[] fields)
    {
        using var client = _host.Client();
        using var response = await ServiceHost.SubmitAsync(client, photo, speech, fields);
        string body = await response.Content.ReadAsStringAsync();
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        return (response.StatusCode, json.RootElement.GetProperty("error").GetString()!);
    }

    [Fact]
    public async Task Types_are_detected_from_content_not_names()
    {
        var (status, error) = await Submit("not an image, just text"u8.ToArray(), Inputs.Speech(5), ("noCrop", "true"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Equal("portrait.png is not a photo this service reads: its content is not JPEG, PNG, BMP or GIF.", error);
        (status, error) = await Submit(Inputs.Portrait, Inputs.Portrait, ("noCrop", "true"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.StartsWith("speech.wav is not a speech recording this service reads", error);
        await AssertNothingQueued();
    }

    [Fact]
    public async Task Limits_on_bytes_pixels_and_seconds_are_checked_before_work_starts()
    {
        var (status, error) = await Submit(Inputs.Portrait, Inputs.Wav(new short[1_100_000]), ("noCrop", "true"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("at most 2.0 MB", error);

        using var png = new MemoryStream();
        new ImageWriter().WritePng(new byte[1200 * 1000 * 3], 1200, 1000, ColorComponents.RedGreenBlue, png);
        (status, error) = await Submit(png.ToArray(), Inputs.Speech(5), ("noCrop", "true"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("portrait.png is 1200×1000 = 1.2 megapixels; this service takes at most 1.0. Scale it down first.", error);

        (status, error) = await Submit(Inputs.Portrait, Inputs.Speech(60), ("noCrop", "true"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("speech.wav lasts 2.4 s; this service takes at most 2 s of speech. Shorten it first.", error);
        await AssertNothingQueued();
    }

    [Fact]
    public async Task Bad_inputs_get_the_CLI_messages()
    {
        var (status, error) = await Submit(Inputs.Portrait, Inputs.Wav(new short[8000]), ("noCrop", "true"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("speech.wav is silent", error);
        (status, error) = await Submit(Inputs.Portrait, Inputs.Wav(new short[] { 1000, -1000, 500 }), ("noCrop", "true"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("speech.wav lasts 0.2 ms, shorter than one video frame", error);
        (status, error) = await Submit(Inputs.Portrait, Inputs.Speech(5), ("noCrop", "true"), ("steps", "0"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("DDIM steps must be between 1 and 1000.", error);
        (status, error) = await Submit(Inputs.Portrait, Inputs.Speech(5), ("noCrop", "true"), ("seed", "12abc"));
        Assert.Equal("seed must be a number, not '12abc'.", error);
        (status, error) = await Submit(Inputs.Portrait, Inputs.Speech(5), ("faceIndex", "3"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("portrait.png has 1 face (--face-index 0 to 0, left to right); 3 is not one of them.", error);

        // A truncated PNG: the header passes, the pixels do not.
        (status, error) = await Submit(Inputs.Portrait[..200], Inputs.Speech(5), ("noCrop", "true"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("portrait.png", error);
        Assert.DoesNotContain(" at KDTalker", error);
        await AssertNothingQueued();
    }

    [Fact]
    public async Task Unknown_jobs_and_files_and_non_multipart_requests_answer_json_errors()
    {
        using var client = _host.Client();
        foreach (var (path, message) in new[] { ("/api/jobs/aaaaaaaaaaaaaaaaaaaaaaaaaa", "There is no job"), ("/api/jobs/x/files/video", "There is no job"),
            ("/api/jobs/..%2F..%2Fjobs.db", "There is no job"), ("/api/jobs/a/b/c/d", "There is nothing at /api/jobs/a/b/c/d") })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.StartsWith(message, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
        }
        using var plain = await client.PostAsync("/api/jobs", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
        Assert.StartsWith("Send multipart/form-data", JsonDocument.Parse(await plain.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }

    private async Task AssertNothingQueued()
    {
        using var client = _host.Client();
        Assert.Equal("[]", await client.GetStringAsync("/api/jobs"));
        Assert.Empty(Directory.Exists(Path.Combine(_host.DataFolder, "files")) ? Directory.GetDirectories(Path.Combine(_host.DataFolder, "files")) : []);
    }
}
