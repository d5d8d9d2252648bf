using KDTalker.Model.Pipeline;
using KDTalker.Tensors;
using KDTalker.Web.Api;
using KDTalker.Web.Jobs;
using KDTalker.Web.Uploads;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KDTalker.Web;

/// <summary>
/// <c>kdtalker serve</c>: the web page and the HTTP API (OpenAPI at <c>/openapi/v1.json</c>) over the engine, with
/// the job queue and its SQLite store under <see cref="ServerOptions.DataFolder"/>.
/// </summary>
public static class WebServer
{
    /// <summary>
    /// Builds the service. <paramref name="renderBackend"/> renders (one job at a time); <paramref name="faceBackend"/>
    /// finds faces in uploads, so that never waits for a render (it may be the same backend). Both stay the caller's.
    /// <paramref name="configure"/> may adjust the host before it is built (tests put it on an in-memory server).
    /// <paramref name="renderers"/> makes the renderer of the loaded networks' frames, once (a render farm; disposed with the service when it is
    /// <see cref="IAsyncDisposable"/>); null renders in this process.
    /// </summary>
    /// <exception cref="ArgumentException">The options cannot work (the message says which and what to do).</exception>
    public static WebApplication Build(ServerOptions options, IBackend renderBackend, IBackend faceBackend, Action<WebApplicationBuilder>? configure = null,
        Func<Talker, IFrameRenderer>? renderers = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Directory.CreateDirectory(options.DataFolder);
        var folderLock = DataFolderLock.Acquire(options.DataFolder);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(WebServer).Assembly.GetName().Name,
            ContentRootPath = options.DataFolder,
        });
        long bodyLimit = options.MaxUploadBytes + UploadForm.FormSlack;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(options.Listen, options.Port);
            kestrel.Limits.MaxRequestBodySize = bodyLimit;
        });
        builder.Services.Configure<FormOptions>(form => form.MultipartBodyLengthLimit = bodyLimit);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning); // not a line per request
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton(_ => folderLock); // created by a factory, so the container releases it
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IJobStore>(new SqliteJobStore(Path.Combine(options.DataFolder, "jobs.db")));
        builder.Services.AddSingleton(new JobFolders(options.DataFolder));
        builder.Services.AddSingleton(_ => new Engine(renderBackend, faceBackend, options, renderers));
        builder.Services.AddSingleton<JobQueue>();
        builder.Services.AddSingleton<JobRenderer>();
        builder.Services.AddSingleton<JobRetention>();
        builder.Services.AddSingleton<JobSubmission>();
        builder.Services.AddHostedService<RenderWorker>();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseJsonErrors();
        app.UseToken(options.Token);
        app.MapOpenApi();
        app.MapJobs();
        app.MapService(options);
        return app;
    }

    /// <summary>The addresses the started service listens on (with the port chosen when it was 0).</summary>
    public static IReadOnlyList<string> Addresses(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
}
