using KDTalker.Web.Jobs;

namespace KDTalker.Web.Api;

/// <summary>The downloadable files of a finished job, by the kind named in the URL (a fixed list: nothing else maps to a file).</summary>
internal static class JobFiles
{
    public static readonly string[] Kinds = ["video", JobFolders.KeypointsJson, JobFolders.KeypointsCsv, JobFolders.PosePlot];

    /// <summary>The file name in the job folder for <paramref name="kind"/>, or null when it is not a kind.</summary>
    public static string? FileName(JobRecord job, string kind) => kind switch
    {
        "video" => job.VideoFile,
        JobFolders.KeypointsJson or JobFolders.KeypointsCsv or JobFolders.PosePlot => kind,
        _ => null,
    };

    public static string MediaType(string fileName) => Path.GetExtension(fileName) switch
    {
        ".mp4" => "video/mp4",
        ".avi" => "video/x-msvideo",
        ".json" => "application/json",
        ".csv" => "text/csv",
        ".png" => "image/png",
        _ => "application/octet-stream",
    };
}
