using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KDTalker.Kernels.Cpu;
using KDTalker.Web;
using KDTalker.Web.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace KDTalker.Tests.Web;

/// <summary>
/// The service in-process on the test networks: on an in-memory TestServer (API tests) or on Kestrel at
/// 127.0.0.1 with a free port (the browser test), over a data folder that outlives a restart when the test says so.
/// </summary>
public sealed class ServiceHost : IAsyncDisposable
{
    public static readonly string Assets = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "samples", "assets"));
    private readonly CpuBackend _backend;
    private readonly bool _ownsData;

    private ServiceHost(WebApplication app, CpuBackend backend, ServerOptions options, bool ownsData)
    {
        App = app;
        _backend = backend;
        Options = options;
        _ownsData = ownsData;
    }

    public WebApplication App { get; }

    public ServerOptions Options { get; }

    public string DataFolder => Options.DataFolder;

    /// <summary>What the service logged.</summary>
    public LogLines Log { get; private init; } = null!;

    /// <summary>The base address on Kestrel (http://127.0.0.1:PORT), null on TestServer.</summary>
    public Uri? Address { get; private set; }

    /// <summary>Starts a service; with <paramref name="dataFolder"/> the caller keeps (and deletes) the folder.</summary>
    public static async Task<ServiceHost> StartAsync(Func<ServerOptions, ServerOptions>? adjust = null, string? dataFolder = null, bool kestrel = false)
    {
        var options = new ServerOptions
        {
            Port = 0,
            Weights = "test",
            DataFolder = dataFolder ?? Directory.CreateTempSubdirectory("kdtalker-web-").FullName,
        };
        options = adjust?.Invoke(options) ?? options;
        var backend = new CpuBackend();
        var log = new LogLines();
        var app = WebServer.Build(options, backend, backend, builder =>
        {
            builder.Logging.AddProvider(log);
            if (!kestrel)
                builder.WebHost.UseTestServer();
        });
        var host = new ServiceHost(app, backend, options, dataFolder is null) { Log = log };
        await app.StartAsync();
        if (kestrel)
            host.Address = new Uri(WebServer.Addresses(app).Single());
        return host;
    }

    /// <summary>A client of the service (token sent when given).</summary>
    public HttpClient Client(string? token = null)
    {
        var client = Address is null ? App.GetTestClient() : new HttpClient { BaseAddress = Address };
        client.Timeout = TimeSpan.FromMinutes(5);
        if (token is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        _backend.Dispose();
        if (_ownsData)
            Directory.Delete(DataFolder, recursive: true);
    }

    public static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    /// <summary>Submits a job: the photo and speech bytes and the option fields.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, byte[] photo, byte[] speech, params (string Name, string Value)[] fields)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(photo), "image", "portrait.png");
        form.Add(new ByteArrayContent(speech), "audio", "speech.wav");
        foreach (var (name, value) in fields)
            form.Add(new StringContent(value), name);
        return await client.PostAsync("/api/jobs", form);
    }

    public static async Task<JobView> SubmitOkAsync(HttpClient client, byte[] photo, byte[] speech, params (string Name, string Value)[] fields)
    {
        using var response = await SubmitAsync(client, photo, speech, fields);
        string body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != System.Net.HttpStatusCode.Created)
            throw new InvalidOperationException($"submit answered {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<JobView>(body, Json)!;
    }

    public static async Task<JobView> GetAsync(HttpClient client, string id) =>
        (await client.GetFromJsonAsync<JobView>($"/api/jobs/{id}", Json))!;

    /// <summary>Polls until <paramref name="done"/> holds (ten minutes at most: generous for a loaded CI machine, never forever).</summary>
    public static async Task<JobView> WaitAsync(HttpClient client, string id, Func<JobView, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(10));
        while (true)
        {
            var job = await GetAsync(client, id);
            if (done(job))
                return job;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"job {id} is still {job.State} ({job.FramesDone}/{job.Frames} frames)");
            await Task.Delay(100);
        }
    }

    /// <summary>Polls <paramref name="read"/> until <paramref name="done"/> holds (ten minutes at most).</summary>
    public static async Task<T> WaitAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
        while (true)
        {
            var value = await read();
            if (done(value))
                return value;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"still {value} after ten minutes");
            await Task.Delay(100);
        }
    }

    public static bool Ended(JobView job) => job.State is not ("queued" or "running");
}
