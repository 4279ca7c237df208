/** Saves text as a file through a Blob URL and a[download]: nothing leaves the browser. */
export function downloadFile(file: { name: string; text: string; type: string }): void {
  const url = URL.createObjectURL(new Blob([file.text], { type: file.type }))
  const a = document.createElement('a')
  a.href = url
  a.download = file.name
  a.style.display = 'none'
  document.body.append(a)
  a.click()
  a.remove()
  // The download has started from the URL by now; revoking later lets slow browsers read it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
