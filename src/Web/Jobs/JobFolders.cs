using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace KDTalker.Web.Jobs;

/// <summary>
/// Where each job's files live: <c>DATA/files/ID/</c>, under names the service chooses. Ids are checked against
/// their exact form before they are used in a path, so nothing from a request can point elsewhere.
/// </summary>
public sealed partial class JobFolders(string dataFolder)
{
    /// <summary>The output file names a job can have (the video's name depends on its format).</summary>
    public const string KeypointsJson = "keypoints.json", KeypointsCsv = "keypoints.csv", PosePlot = "pose.png";

    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>The folder holding every job's folder.</summary>
    public string Root { get; } = Path.Combine(Path.GetFullPath(dataFolder), "files");

    /// <summary>A new unguessable id: 130 random bits as 26 base-32 characters.</summary>
    public static string NewId() => string.Create(26, 0, static (chars, _) =>
    {
        Span<byte> random = stackalloc byte[26];
        RandomNumberGenerator.Fill(random);
        for (int i = 0; i < chars.Length; i++)
            chars[i] = Alphabet[random[i] & 31];
    });

    /// <summary>Whether <paramref name="id"/> has the form of an id (and so is safe in a path).</summary>
    public static bool IsId(string? id) => id is not null && IdPattern().IsMatch(id);

    /// <summary>The job's folder.</summary>
    public string Folder(string id) => IsId(id) ? Path.Combine(Root, id) : throw new ArgumentException($"'{id}' is not a job id.", nameof(id));

    /// <summary>A file of the job, by a name the service chose.</summary>
    public string File(string id, string name) => Path.Combine(Folder(id), name);

    /// <summary>The job's frame journal: the frames rendered so far, from which an interrupted job resumes.</summary>
    public string Journal(string id) => Path.Combine(Folder(id), "journal");

    /// <summary>Deletes the job's outputs (finished or partial), keeping its inputs and, when asked, its frame journal.</summary>
    public void DeleteOutputs(JobRecord job, bool keepJournal = false)
    {
        string folder = Folder(job.Id);
        if (!Directory.Exists(folder))
            return;
        foreach (string file in Directory.EnumerateFiles(folder))
        {
            string name = Path.GetFileName(file);
            if (name != job.ImageFile && name != job.AudioFile)
                System.IO.File.Delete(file);
        }
        if (!keepJournal && Directory.Exists(Journal(job.Id)))
            Directory.Delete(Journal(job.Id), recursive: true);
    }

    /// <summary>Deletes the job's folder and everything in it.</summary>
    public void Delete(string id)
    {
        string folder = Folder(id);
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
    }

    /// <summary>The bytes the job's files take.</summary>
    public long Size(string id)
    {
        string folder = Folder(id);
        return Directory.Exists(folder) ? new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;
    }

    [GeneratedRegex("^[a-z2-7]{26}$")]
    private static partial Regex IdPattern();
}
