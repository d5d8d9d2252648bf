using System.Net.Http.Json;
using System.Text.Json;
using KDTalker.Kernels.Cpu;
using KDTalker.Model.Face;
using KDTalker.Model.Media;
using KDTalker.Web.Api;
using Xunit;

namespace KDTalker.Tests.Web;

/// <summary>The faces of a photo, the health check, the OpenAPI document and the page itself.</summary>
[Collection(WebServiceCollection.Name)]
public sealed class ServiceApiTests : IAsyncLifetime
{
    private ServiceHost _host = null!;

    public async Task InitializeAsync() => _host = await ServiceHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_faces_of_a_photo_are_those_the_face_finder_finds()
    {
        using var client = _host.Client();
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Inputs.Portrait), "image", "portrait.png" } };
        using var response = await client.PostAsync("/api/faces", form);
        var found = (await response.Content.ReadFromJsonAsync<ServiceEndpoints.FacesView>(ServiceHost.Json))!;

        using var backend = new CpuBackend();
        using var detector = FaceDetector.Load(FaceModels.DefaultFolder, backend);
        var photo = ImageFile.Load(Path.Combine(ServiceHost.Assets, "portrait.png"));
        var expected = FaceFinder.Find(detector, photo);
        Assert.Equal((photo.Width, photo.Height), (found.Width, found.Height));
        Assert.Equal(expected.Count, found.Faces.Count);
        Assert.Single(found.Faces);
        var (box, face) = (expected[0].Box, found.Faces[0]);
        Assert.Equal((box.Left, box.Top, box.Width, box.Height, expected[0].Score), (face.Left, face.Top, face.Width, face.Height, face.Score));
    }

    [Fact]
    public async Task Health_the_OpenAPI_document_and_the_page_are_served()
    {
        using var client = _host.Client();
        var health = await ServiceHost.WaitAsync(async () => (await client.GetFromJsonAsync<ServiceEndpoints.HealthView>("/api/health", ServiceHost.Json))!, h => h.Engine == "ready");
        Assert.Equal("ok", health.Status);
        Assert.False(health.ReleaseWeights);
        Assert.False(health.TokenRequired);

        using var openApi = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var paths = openApi.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        foreach (string path in new[] { "/api/jobs", "/api/jobs/{id}", "/api/jobs/{id}/events", "/api/jobs/{id}/cancel", "/api/jobs/{id}/files/{kind}", "/api/jobs/{id}/preview", "/api/faces", "/api/health" })
            Assert.Contains(path, paths);

        string page = await client.GetStringAsync("/");
        Assert.Contains("<script src=\"/app.js\"></script>", page);
        Assert.Contains("EventSource", await client.GetStringAsync("/app.js"));
        using var css = await client.GetAsync("/app.css");
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
    }
}
