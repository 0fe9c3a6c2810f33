# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_pizhu_global_optspecs
    string join \n data-dir= h/help V/version
end

function __fish_pizhu_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_pizhu_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_pizhu_using_subcommand
    set -l cmd (__fish_pizhu_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c pizhu -n "__fish_pizhu_needs_command" -l data-dir -d 'The library folder (default: the OS\'s app-data directory)' -r -F
complete -c pizhu -n "__fish_pizhu_needs_command" -s h -l help -d 'Print help'
complete -c pizhu -n "__fish_pizhu_needs_command" -s V -l version -d 'Print version'
complete -c pizhu -n "__fish_pizhu_needs_command" -f -a "documents" -d 'List the documents in the library'
complete -c pizhu -n "__fish_pizhu_needs_command" -f -a "rename-doc" -d 'Rename a document'
complete -c pizhu -n "__fish_pizhu_needs_command" -f -a "remove-doc" -d 'Move an imported document to the trash, with its notes (`restore ID` brings both back)'
complete -c pizhu -n "__fish_pizhu_needs_command" -f -a "show" -d 'Print a document with its numbered blocks'
complete -c pizhu -n "__fish_pizhu_needs_command" -f -a "import" -d 'Add a file as a document: .txt or .md (UTF-8 or GB18030), Word .docx, PDF (its text layer), EPUB, or a saved web page (.html); prints its id. With `--version-of ID`, the file is a new version of that document: its text is replaced (the old one is kept) and each note stays, moves with its words, or waits as 待确认 (orphaned) when no place is certain'
complete -c pizhu -n "__fish_pizhu_needs_command" -f -a "versions" -d 'List the versions of a document\'s text'
complete -c pizhu -n "__fish_pizhu_needs_command" -f -a "orphans" -d 'List the notes waiting to be re-attached (待确认) after a new version, with their old text'
complete -c pizhu -n "__fish_pizhu_needs_command" -f -a "reattach" -d 'Re-attach a waiting (待确认) note to a passage of the current text'
complete -c pizhu -n "__fish_pizhu_needs_command" -f -a "highlight" -d 'Highlight a passage; prints the annotation as JSON'
complete -c pizhu -n "__fish_pizhu_needs_command" -f -a "notes" -d 'List annotations in document order'
complete -c pizhu -n "__fish_pizhu_needs_command" -f -a "edit" -d 'Change an annotation\'s note, colour or tags (tags given replace the old ones)'
complete -c pizhu -n "__fish_pizhu_needs_command" -f -a "delete" -d 'Move an annotation to the trash'
complete -c pizhu -n "__fish_pizhu_needs_command" -f -a "restore" -d 'Bring an annotation or a document back from the trash (`restore ID`), or merge a backup file into the library (`restore FILE.zip`: the newest version of each note wins; all or nothing)'
complete -c pizhu -n "__fish_pizhu_needs_command" -f -a "empty-trash" -d 'Delete everything in the trash for good'
complete -c pizhu -n "__fish_pizhu_needs_command" -f -a "tags" -d 'List tags with their counts'
complete -c pizhu -n "__fish_pizhu_needs_command" -f -a "rename-tag" -d 'Rename a tag everywhere (merging into TO if it exists)'
complete -c pizhu -n "__fish_pizhu_needs_command" -f -a "colors" -d 'List the highlight colours and their meanings'
complete -c pizhu -n "__fish_pizhu_needs_command" -f -a "rename-color" -d 'Rename what a colour means (e.g. `rename-color yellow 必背`)'
complete -c pizhu -n "__fish_pizhu_needs_command" -f -a "search" -d 'Search passages and notes (terms are ANDed, "quotes" match a phrase)'
complete -c pizhu -n "__fish_pizhu_needs_command" -f -a "reindex" -d 'Rebuild the search index from the notes store'
complete -c pizhu -n "__fish_pizhu_needs_command" -f -a "export" -d 'Export study notes: a Word document (学习笔记), Markdown, or W3C Web Annotation JSON-LD'
complete -c pizhu -n "__fish_pizhu_needs_command" -f -a "backup" -d 'Write a backup of the whole library (one zip file)'
complete -c pizhu -n "__fish_pizhu_needs_command" -f -a "essays" -d 'List essays (心得体会) with their length in 字'
complete -c pizhu -n "__fish_pizhu_needs_command" -f -a "sync" -d 'Sync the library with a folder (a USB stick, a network share, a folder another tool syncs), both ways: notes, tags, colour meanings, the trash and imported documents (each text sent once). Each device writes only its own files there; a damaged remote file is refused and nothing here changes'
complete -c pizhu -n "__fish_pizhu_needs_command" -f -a "share" -d 'Share notes with a study group (学习小组) at a folder, WebDAV or S3 target, and fetch the other members\' shared notes: they show beside mine, under their names, read-only. Private is the default: only the documents (--doc) and notes (--note) shared, ever, are sent. Each exchange replaces each member\'s layer with what they share now'
complete -c pizhu -n "__fish_pizhu_needs_command" -f -a "copy" -d 'Copy a group member\'s note into my own notes (then mine to change)'
complete -c pizhu -n "__fish_pizhu_needs_command" -f -a "conflicts" -d 'List the sync conflicts to resolve: a note edited on two devices at once keeps one text and this list keeps the other'
complete -c pizhu -n "__fish_pizhu_needs_command" -f -a "resolve" -d 'Resolve a sync conflict: keep this text (the note\'s now), the other, or both'
complete -c pizhu -n "__fish_pizhu_needs_command" -f -a "review" -d 'Review cards (复习): list today\'s due cards, or rate one (`review CARD --rate good`) and print when it is due next'
complete -c pizhu -n "__fish_pizhu_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pizhu -n "__fish_pizhu_using_subcommand documents" -l data-dir -d 'The library folder (default: the OS\'s app-data directory)' -r -F
complete -c pizhu -n "__fish_pizhu_using_subcommand documents" -l trash -d 'List the documents in the trash instead'
complete -c pizhu -n "__fish_pizhu_using_subcommand documents" -l json -d 'Print JSON'
complete -c pizhu -n "__fish_pizhu_using_subcommand documents" -s h -l help -d 'Print help'
complete -c pizhu -n "__fish_pizhu_using_subcommand rename-doc" -l data-dir -d 'The library folder (default: the OS\'s app-data directory)' -r -F
complete -c pizhu -n "__fish_pizhu_using_subcommand rename-doc" -s h -l help -d 'Print help'
complete -c pizhu -n "__fish_pizhu_using_subcommand remove-doc" -l data-dir -d 'The library folder (default: the OS\'s app-data directory)' -r -F
complete -c pizhu -n "__fish_pizhu_using_subcommand remove-doc" -s h -l help -d 'Print help'
complete -c pizhu -n "__fish_pizhu_using_subcommand show" -l data-dir -d 'The library folder (default: the OS\'s app-data directory)' -r -F
complete -c pizhu -n "__fish_pizhu_using_subcommand show" -l json -d 'Print JSON'
complete -c pizhu -n "__fish_pizhu_using_subcommand show" -s h -l help -d 'Print help'
complete -c pizhu -n "__fish_pizhu_using_subcommand import" -l title -d 'Title (default: the file\'s own title — a Markdown heading, Word\'s Title, the book\'s or page\'s title — or its title line, or its name)' -r
complete -c pizhu -n "__fish_pizhu_using_subcommand import" -l version-of -d 'Import the file as a new version of this document' -r
complete -c pizhu -n "__fish_pizhu_using_subcommand import" -l data-dir -d 'The library folder (default: the OS\'s app-data directory)' -r -F
complete -c pizhu -n "__fish_pizhu_using_subcommand import" -l json -d 'Print JSON (with `--version-of`: the document and how many notes stayed, moved, were orphaned)'
complete -c pizhu -n "__fish_pizhu_using_subcommand import" -s h -l help -d 'Print help'
complete -c pizhu -n "__fish_pizhu_using_subcommand versions" -l data-dir -d 'The library folder (default: the OS\'s app-data directory)' -r -F
complete -c pizhu -n "__fish_pizhu_using_subcommand versions" -l json -d 'Print JSON'
complete -c pizhu -n "__fish_pizhu_using_subcommand versions" -s h -l help -d 'Print help'
complete -c pizhu -n "__fish_pizhu_using_subcommand orphans" -l data-dir -d 'The library folder (default: the OS\'s app-data directory)' -r -F
complete -c pizhu -n "__fish_pizhu_using_subcommand orphans" -l json -d 'Print JSON'
complete -c pizhu -n "__fish_pizhu_using_subcommand orphans" -s h -l help -d 'Print help'
complete -c pizhu -n "__fish_pizhu_using_subcommand reattach" -l start -d 'Start, code points' -r
complete -c pizhu -n "__fish_pizhu_using_subcommand reattach" -l end -d 'End (exclusive), code points' -r
complete -c pizhu -n "__fish_pizhu_using_subcommand reattach" -l data-dir -d 'The library folder (default: the OS\'s app-data directory)' -r -F
complete -c pizhu -n "__fish_pizhu_using_subcommand reattach" -s h -l help -d 'Print help'
complete -c pizhu -n "__fish_pizhu_using_subcommand highlight" -l quote -d 'The passage, by its text' -r
complete -c pizhu -n "__fish_pizhu_using_subcommand highlight" -l nth -d 'Which occurrence of the quote (1 = first)' -r
complete -c pizhu -n "__fish_pizhu_using_subcommand highlight" -l start -d 'Start, in characters (code points) from the start of the document' -r
complete -c pizhu -n "__fish_pizhu_using_subcommand highlight" -l end -d 'End (exclusive), in characters' -r
complete -c pizhu -n "__fish_pizhu_using_subcommand highlight" -l color -d 'Colour: yellow (重点), red (存疑), green (金句), blue (联系实际), purple (其他)' -r
complete -c pizhu -n "__fish_pizhu_using_subcommand highlight" -l note -d 'The note (may begin with `-`, as Markdown lists do)' -r
complete -c pizhu -n "__fish_pizhu_using_subcommand highlight" -l tag -d 'A tag (repeat for more)' -r
complete -c pizhu -n "__fish_pizhu_using_subcommand highlight" -l data-dir -d 'The library folder (default: the OS\'s app-data directory)' -r -F
complete -c pizhu -n "__fish_pizhu_using_subcommand highlight" -s h -l help -d 'Print help'
complete -c pizhu -n "__fish_pizhu_using_subcommand notes" -l tag -d 'Only annotations with this tag' -r
complete -c pizhu -n "__fish_pizhu_using_subcommand notes" -l color -d 'Only this colour' -r
complete -c pizhu -n "__fish_pizhu_using_subcommand notes" -l member -d 'Only this group member\'s notes (their name or id)' -r
complete -c pizhu -n "__fish_pizhu_using_subcommand notes" -l data-dir -d 'The library folder (default: the OS\'s app-data directory)' -r -F
complete -c pizhu -n "__fish_pizhu_using_subcommand notes" -l trash -d 'List the trash instead'
complete -c pizhu -n "__fish_pizhu_using_subcommand notes" -l mine -d 'Only my own notes (not my study group\'s)'
complete -c pizhu -n "__fish_pizhu_using_subcommand notes" -l json -d 'Print JSON (each note with "author": the writer\'s name, "mine" and "member": the group member\'s id, or null for mine)'
complete -c pizhu -n "__fish_pizhu_using_subcommand notes" -s h -l help -d 'Print help'
complete -c pizhu -n "__fish_pizhu_using_subcommand edit" -l note -d 'New note (may begin with `-`, as Markdown lists do)' -r
complete -c pizhu -n "__fish_pizhu_using_subcommand edit" -l color -d 'New colour' -r
complete -c pizhu -n "__fish_pizhu_using_subcommand edit" -l tag -d 'New tags (repeat the option; `--tag \'\'` clears them)' -r
complete -c pizhu -n "__fish_pizhu_using_subcommand edit" -l data-dir -d 'The library folder (default: the OS\'s app-data directory)' -r -F
complete -c pizhu -n "__fish_pizhu_using_subcommand edit" -s h -l help -d 'Print help'
complete -c pizhu -n "__fish_pizhu_using_subcommand delete" -l data-dir -d 'The library folder (default: the OS\'s app-data directory)' -r -F
complete -c pizhu -n "__fish_pizhu_using_subcommand delete" -s h -l help -d 'Print help'
complete -c pizhu -n "__fish_pizhu_using_subcommand restore" -l data-dir -d 'The library folder (default: the OS\'s app-data directory)' -r -F
complete -c pizhu -n "__fish_pizhu_using_subcommand restore" -s h -l help -d 'Print help'
complete -c pizhu -n "__fish_pizhu_using_subcommand empty-trash" -l data-dir -d 'The library folder (default: the OS\'s app-data directory)' -r -F
complete -c pizhu -n "__fish_pizhu_using_subcommand empty-trash" -s h -l help -d 'Print help'
complete -c pizhu -n "__fish_pizhu_using_subcommand tags" -l data-dir -d 'The library folder (default: the OS\'s app-data directory)' -r -F
complete -c pizhu -n "__fish_pizhu_using_subcommand tags" -l json -d 'Print JSON'
complete -c pizhu -n "__fish_pizhu_using_subcommand tags" -s h -l help -d 'Print help'
complete -c pizhu -n "__fish_pizhu_using_subcommand rename-tag" -l data-dir -d 'The library folder (default: the OS\'s app-data directory)' -r -F
complete -c pizhu -n "__fish_pizhu_using_subcommand rename-tag" -s h -l help -d 'Print help'
complete -c pizhu -n "__fish_pizhu_using_subcommand colors" -l data-dir -d 'The library folder (default: the OS\'s app-data directory)' -r -F
complete -c pizhu -n "__fish_pizhu_using_subcommand colors" -l json -d 'Print JSON'
complete -c pizhu -n "__fish_pizhu_using_subcommand colors" -s h -l help -d 'Print help'
complete -c pizhu -n "__fish_pizhu_using_subcommand rename-color" -l en -d 'The meaning, in English' -r
complete -c pizhu -n "__fish_pizhu_using_subcommand rename-color" -l data-dir -d 'The library folder (default: the OS\'s app-data directory)' -r -F
complete -c pizhu -n "__fish_pizhu_using_subcommand rename-color" -s h -l help -d 'Print help'
complete -c pizhu -n "__fish_pizhu_using_subcommand search" -l limit -d 'Most hits to print' -r
complete -c pizhu -n "__fish_pizhu_using_subcommand search" -l data-dir -d 'The library folder (default: the OS\'s app-data directory)' -r -F
complete -c pizhu -n "__fish_pizhu_using_subcommand search" -l json -d 'Print one JSON object per hit'
complete -c pizhu -n "__fish_pizhu_using_subcommand search" -s h -l help -d 'Print help'
complete -c pizhu -n "__fish_pizhu_using_subcommand reindex" -l data-dir -d 'The library folder (default: the OS\'s app-data directory)' -r -F
complete -c pizhu -n "__fish_pizhu_using_subcommand reindex" -s h -l help -d 'Print help'
complete -c pizhu -n "__fish_pizhu_using_subcommand export" -l format -d 'Output format: docx, md, w3c' -r
complete -c pizhu -n "__fish_pizhu_using_subcommand export" -l doc -d 'Only this document (default: every document with notes)' -r
complete -c pizhu -n "__fish_pizhu_using_subcommand export" -l essay -d 'Export this essay (心得体会, docx or md) instead of notes' -r
complete -c pizhu -n "__fish_pizhu_using_subcommand export" -l unit -d '单位 for an essay\'s byline' -r
complete -c pizhu -n "__fish_pizhu_using_subcommand export" -l style -d 'DOCX look: gbt (after GB/T 9704) or plain' -r
complete -c pizhu -n "__fish_pizhu_using_subcommand export" -l reader -d 'Reader\'s name for the title block' -r
complete -c pizhu -n "__fish_pizhu_using_subcommand export" -l title -d 'Title (default: the document\'s title, or 学习笔记 for several)' -r
complete -c pizhu -n "__fish_pizhu_using_subcommand export" -s o -l output -d 'The file to write' -r -F
complete -c pizhu -n "__fish_pizhu_using_subcommand export" -l data-dir -d 'The library folder (default: the OS\'s app-data directory)' -r -F
complete -c pizhu -n "__fish_pizhu_using_subcommand export" -l members -d 'Also my study group\'s notes, grouped by member after mine (what a group\'s secretary hands in)'
complete -c pizhu -n "__fish_pizhu_using_subcommand export" -s h -l help -d 'Print help'
complete -c pizhu -n "__fish_pizhu_using_subcommand backup" -l data-dir -d 'The library folder (default: the OS\'s app-data directory)' -r -F
complete -c pizhu -n "__fish_pizhu_using_subcommand backup" -s h -l help -d 'Print help'
complete -c pizhu -n "__fish_pizhu_using_subcommand essays" -l data-dir -d 'The library folder (default: the OS\'s app-data directory)' -r -F
complete -c pizhu -n "__fish_pizhu_using_subcommand essays" -l json -d 'Print JSON'
complete -c pizhu -n "__fish_pizhu_using_subcommand essays" -s h -l help -d 'Print help'
complete -c pizhu -n "__fish_pizhu_using_subcommand sync" -l data-dir -d 'The library folder (default: the OS\'s app-data directory)' -r -F
complete -c pizhu -n "__fish_pizhu_using_subcommand sync" -l json -d 'Print one JSON object: {"sent","received","conflicts","requests"}'
complete -c pizhu -n "__fish_pizhu_using_subcommand sync" -l save-credentials -d 'After a sync that worked, keep the credentials used in the system keychain, so that later syncs (and the app) need no variables'
complete -c pizhu -n "__fish_pizhu_using_subcommand sync" -l forget -d 'Stop syncing: forget the remembered target and remove its credentials from the keychain. Nothing on the target or here is deleted'
complete -c pizhu -n "__fish_pizhu_using_subcommand sync" -s h -l help -d 'Print help'
complete -c pizhu -n "__fish_pizhu_using_subcommand share" -l as -d 'My reader name in the group (remembered)' -r
complete -c pizhu -n "__fish_pizhu_using_subcommand share" -l doc -d 'Share all my notes on this document, now and later (repeatable)' -r
complete -c pizhu -n "__fish_pizhu_using_subcommand share" -l note -d 'Share this one note (repeatable)' -r
complete -c pizhu -n "__fish_pizhu_using_subcommand share" -l data-dir -d 'The library folder (default: the OS\'s app-data directory)' -r -F
complete -c pizhu -n "__fish_pizhu_using_subcommand share" -l unshare -d 'Stop sharing the --doc and --note given (they leave the group with this exchange; copies others made stay theirs)'
complete -c pizhu -n "__fish_pizhu_using_subcommand share" -l json -d 'Print one JSON object: {"sent","received","members","requests"}'
complete -c pizhu -n "__fish_pizhu_using_subcommand share" -l save-credentials -d 'After an exchange that worked, keep the credentials in the system keychain'
complete -c pizhu -n "__fish_pizhu_using_subcommand share" -l leave -d 'Leave the remembered group: its members\' notes leave this library (copies stay); nothing on the target is deleted'
complete -c pizhu -n "__fish_pizhu_using_subcommand share" -s h -l help -d 'Print help'
complete -c pizhu -n "__fish_pizhu_using_subcommand copy" -l data-dir -d 'The library folder (default: the OS\'s app-data directory)' -r -F
complete -c pizhu -n "__fish_pizhu_using_subcommand copy" -s h -l help -d 'Print help'
complete -c pizhu -n "__fish_pizhu_using_subcommand conflicts" -l data-dir -d 'The library folder (default: the OS\'s app-data directory)' -r -F
complete -c pizhu -n "__fish_pizhu_using_subcommand conflicts" -l json -d 'Print JSON'
complete -c pizhu -n "__fish_pizhu_using_subcommand conflicts" -s h -l help -d 'Print help'
complete -c pizhu -n "__fish_pizhu_using_subcommand resolve" -l keep -d 'Which text the note keeps' -r
complete -c pizhu -n "__fish_pizhu_using_subcommand resolve" -l data-dir -d 'The library folder (default: the OS\'s app-data directory)' -r -F
complete -c pizhu -n "__fish_pizhu_using_subcommand resolve" -s h -l help -d 'Print help'
complete -c pizhu -n "__fish_pizhu_using_subcommand review" -l rate -d 'How well you recalled it: again (重来), hard (困难), good (良好) or easy (简单)' -r
complete -c pizhu -n "__fish_pizhu_using_subcommand review" -l limit -d 'Most cards to list' -r
complete -c pizhu -n "__fish_pizhu_using_subcommand review" -l data-dir -d 'The library folder (default: the OS\'s app-data directory)' -r -F
complete -c pizhu -n "__fish_pizhu_using_subcommand review" -l json -d 'Print JSON (one object per card)'
complete -c pizhu -n "__fish_pizhu_using_subcommand review" -s h -l help -d 'Print help'
complete -c pizhu -n "__fish_pizhu_using_subcommand help; and not __fish_seen_subcommand_from documents rename-doc remove-doc show import versions orphans reattach highlight notes edit delete restore empty-trash tags rename-tag colors rename-color search reindex export backup essays sync share copy conflicts resolve review help" -f -a "documents" -d 'List the documents in the library'
complete -c pizhu -n "__fish_pizhu_using_subcommand help; and not __fish_seen_subcommand_from documents rename-doc remove-doc show import versions orphans reattach highlight notes edit delete restore empty-trash tags rename-tag colors rename-color search reindex export backup essays sync share copy conflicts resolve review help" -f -a "rename-doc" -d 'Rename a document'
complete -c pizhu -n "__fish_pizhu_using_subcommand help; and not __fish_seen_subcommand_from documents rename-doc remove-doc show import versions orphans reattach highlight notes edit delete restore empty-trash tags rename-tag colors rename-color search reindex export backup essays sync share copy conflicts resolve review help" -f -a "remove-doc" -d 'Move an imported document to the trash, with its notes (`restore ID` brings both back)'
complete -c pizhu -n "__fish_pizhu_using_subcommand help; and not __fish_seen_subcommand_from documents rename-doc remove-doc show import versions orphans reattach highlight notes edit delete restore empty-trash tags rename-tag colors rename-color search reindex export backup essays sync share copy conflicts resolve review help" -f -a "show" -d 'Print a document with its numbered blocks'
complete -c pizhu -n "__fish_pizhu_using_subcommand help; and not __fish_seen_subcommand_from documents rename-doc remove-doc show import versions orphans reattach highlight notes edit delete restore empty-trash tags rename-tag colors rename-color search reindex export backup essays sync share copy conflicts resolve review help" -f -a "import" -d 'Add a file as a document: .txt or .md (UTF-8 or GB18030), Word .docx, PDF (its text layer), EPUB, or a saved web page (.html); prints its id. With `--version-of ID`, the file is a new version of that document: its text is replaced (the old one is kept) and each note stays, moves with its words, or waits as 待确认 (orphaned) when no place is certain'
complete -c pizhu -n "__fish_pizhu_using_subcommand help; and not __fish_seen_subcommand_from documents rename-doc remove-doc show import versions orphans reattach highlight notes edit delete restore empty-trash tags rename-tag colors rename-color search reindex export backup essays sync share copy conflicts resolve review help" -f -a "versions" -d 'List the versions of a document\'s text'
complete -c pizhu -n "__fish_pizhu_using_subcommand help; and not __fish_seen_subcommand_from documents rename-doc remove-doc show import versions orphans reattach highlight notes edit delete restore empty-trash tags rename-tag colors rename-color search reindex export backup essays sync share copy conflicts resolve review help" -f -a "orphans" -d 'List the notes waiting to be re-attached (待确认) after a new version, with their old text'
complete -c pizhu -n "__fish_pizhu_using_subcommand help; and not __fish_seen_subcommand_from documents rename-doc remove-doc show import versions orphans reattach highlight notes edit delete restore empty-trash tags rename-tag colors rename-color search reindex export backup essays sync share copy conflicts resolve review help" -f -a "reattach" -d 'Re-attach a waiting (待确认) note to a passage of the current text'
complete -c pizhu -n "__fish_pizhu_using_subcommand help; and not __fish_seen_subcommand_from documents rename-doc remove-doc show import versions orphans reattach highlight notes edit delete restore empty-trash tags rename-tag colors rename-color search reindex export backup essays sync share copy conflicts resolve review help" -f -a "highlight" -d 'Highlight a passage; prints the annotation as JSON'
complete -c pizhu -n "__fish_pizhu_using_subcommand help; and not __fish_seen_subcommand_from documents rename-doc remove-doc show import versions orphans reattach highlight notes edit delete restore empty-trash tags rename-tag colors rename-color search reindex export backup essays sync share copy conflicts resolve review help" -f -a "notes" -d 'List annotations in document order'
complete -c pizhu -n "__fish_pizhu_using_subcommand help; and not __fish_seen_subcommand_from documents rename-doc remove-doc show import versions orphans reattach highlight notes edit delete restore empty-trash tags rename-tag colors rename-color search reindex export backup essays sync share copy conflicts resolve review help" -f -a "edit" -d 'Change an annotation\'s note, colour or tags (tags given replace the old ones)'
complete -c pizhu -n "__fish_pizhu_using_subcommand help; and not __fish_seen_subcommand_from documents rename-doc remove-doc show import versions orphans reattach highlight notes edit delete restore empty-trash tags rename-tag colors rename-color search reindex export backup essays sync share copy conflicts resolve review help" -f -a "delete" -d 'Move an annotation to the trash'
complete -c pizhu -n "__fish_pizhu_using_subcommand help; and not __fish_seen_subcommand_from documents rename-doc remove-doc show import versions orphans reattach highlight notes edit delete restore empty-trash tags rename-tag colors rename-color search reindex export backup essays sync share copy conflicts resolve review help" -f -a "restore" -d 'Bring an annotation or a document back from the trash (`restore ID`), or merge a backup file into the library (`restore FILE.zip`: the newest version of each note wins; all or nothing)'
complete -c pizhu -n "__fish_pizhu_using_subcommand help; and not __fish_seen_subcommand_from documents rename-doc remove-doc show import versions orphans reattach highlight notes edit delete restore empty-trash tags rename-tag colors rename-color search reindex export backup essays sync share copy conflicts resolve review help" -f -a "empty-trash" -d 'Delete everything in the trash for good'
complete -c pizhu -n "__fish_pizhu_using_subcommand help; and not __fish_seen_subcommand_from documents rename-doc remove-doc show import versions orphans reattach highlight notes edit delete restore empty-trash tags rename-tag colors rename-color search reindex export backup essays sync share copy conflicts resolve review help" -f -a "tags" -d 'List tags with their counts'
complete -c pizhu -n "__fish_pizhu_using_subcommand help; and not __fish_seen_subcommand_from documents rename-doc remove-doc show import versions orphans reattach highlight notes edit delete restore empty-trash tags rename-tag colors rename-color search reindex export backup essays sync share copy conflicts resolve review help" -f -a "rename-tag" -d 'Rename a tag everywhere (merging into TO if it exists)'
complete -c pizhu -n "__fish_pizhu_using_subcommand help; and not __fish_seen_subcommand_from documents rename-doc remove-doc show import versions orphans reattach highlight notes edit delete restore empty-trash tags rename-tag colors rename-color search reindex export backup essays sync share copy conflicts resolve review help" -f -a "colors" -d 'List the highlight colours and their meanings'
complete -c pizhu -n "__fish_pizhu_using_subcommand help; and not __fish_seen_subcommand_from documents rename-doc remove-doc show import versions orphans reattach highlight notes edit delete restore empty-trash tags rename-tag colors rename-color search reindex export backup essays sync share copy conflicts resolve review help" -f -a "rename-color" -d 'Rename what a colour means (e.g. `rename-color yellow 必背`)'
complete -c pizhu -n "__fish_pizhu_using_subcommand help; and not __fish_seen_subcommand_from documents rename-doc remove-doc show import versions orphans reattach highlight notes edit delete restore empty-trash tags rename-tag colors rename-color search reindex export backup essays sync share copy conflicts resolve review help" -f -a "search" -d 'Search passages and notes (terms are ANDed, "quotes" match a phrase)'
complete -c pizhu -n "__fish_pizhu_using_subcommand help; and not __fish_seen_subcommand_from documents rename-doc remove-doc show import versions orphans reattach highlight notes edit delete restore empty-trash tags rename-tag colors rename-color search reindex export backup essays sync share copy conflicts resolve review help" -f -a "reindex" -d 'Rebuild the search index from the notes store'
complete -c pizhu -n "__fish_pizhu_using_subcommand help; and not __fish_seen_subcommand_from documents rename-doc remove-doc show import versions orphans reattach highlight notes edit delete restore empty-trash tags rename-tag colors rename-color search reindex export backup essays sync share copy conflicts resolve review help" -f -a "export" -d 'Export study notes: a Word document (学习笔记), Markdown, or W3C Web Annotation JSON-LD'
complete -c pizhu -n "__fish_pizhu_using_subcommand help; and not __fish_seen_subcommand_from documents rename-doc remove-doc show import versions orphans reattach highlight notes edit delete restore empty-trash tags rename-tag colors rename-color search reindex export backup essays sync share copy conflicts resolve review help" -f -a "backup" -d 'Write a backup of the whole library (one zip file)'
complete -c pizhu -n "__fish_pizhu_using_subcommand help; and not __fish_seen_subcommand_from documents rename-doc remove-doc show import versions orphans reattach highlight notes edit delete restore empty-trash tags rename-tag colors rename-color search reindex export backup essays sync share copy conflicts resolve review help" -f -a "essays" -d 'List essays (心得体会) with their length in 字'
complete -c pizhu -n "__fish_pizhu_using_subcommand help; and not __fish_seen_subcommand_from documents rename-doc remove-doc show import versions orphans reattach highlight notes edit delete restore empty-trash tags rename-tag colors rename-color search reindex export backup essays sync share copy conflicts resolve review help" -f -a "sync" -d 'Sync the library with a folder (a USB stick, a network share, a folder another tool syncs), both ways: notes, tags, colour meanings, the trash and imported documents (each text sent once). Each device writes only its own files there; a damaged remote file is refused and nothing here changes'
complete -c pizhu -n "__fish_pizhu_using_subcommand help; and not __fish_seen_subcommand_from documents rename-doc remove-doc show import versions orphans reattach highlight notes edit delete restore empty-trash tags rename-tag colors rename-color search reindex export backup essays sync share copy conflicts resolve review help" -f -a "share" -d 'Share notes with a study group (学习小组) at a folder, WebDAV or S3 target, and fetch the other members\' shared notes: they show beside mine, under their names, read-only. Private is the default: only the documents (--doc) and notes (--note) shared, ever, are sent. Each exchange replaces each member\'s layer with what they share now'
complete -c pizhu -n "__fish_pizhu_using_subcommand help; and not __fish_seen_subcommand_from documents rename-doc remove-doc show import versions orphans reattach highlight notes edit delete restore empty-trash tags rename-tag colors rename-color search reindex export backup essays sync share copy conflicts resolve review help" -f -a "copy" -d 'Copy a group member\'s note into my own notes (then mine to change)'
complete -c pizhu -n "__fish_pizhu_using_subcommand help; and not __fish_seen_subcommand_from documents rename-doc remove-doc show import versions orphans reattach highlight notes edit delete restore empty-trash tags rename-tag colors rename-color search reindex export backup essays sync share copy conflicts resolve review help" -f -a "conflicts" -d 'List the sync conflicts to resolve: a note edited on two devices at once keeps one text and this list keeps the other'
complete -c pizhu -n "__fish_pizhu_using_subcommand help; and not __fish_seen_subcommand_from documents rename-doc remove-doc show import versions orphans reattach highlight notes edit delete restore empty-trash tags rename-tag colors rename-color search reindex export backup essays sync share copy conflicts resolve review help" -f -a "resolve" -d 'Resolve a sync conflict: keep this text (the note\'s now), the other, or both'
complete -c pizhu -n "__fish_pizhu_using_subcommand help; and not __fish_seen_subcommand_from documents rename-doc remove-doc show import versions orphans reattach highlight notes edit delete restore empty-trash tags rename-tag colors rename-color search reindex export backup essays sync share copy conflicts resolve review help" -f -a "review" -d 'Review cards (复习): list today\'s due cards, or rate one (`review CARD --rate good`) and print when it is due next'
complete -c pizhu -n "__fish_pizhu_using_subcommand help; and not __fish_seen_subcommand_from documents rename-doc remove-doc show import versions orphans reattach highlight notes edit delete restore empty-trash tags rename-tag colors rename-color search reindex export backup essays sync share copy conflicts resolve review help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
