export const metadata = { title: '@sess/next demo' }

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 640, margin: '2rem auto' }}>
        <nav>
          <a href="/">Home</a> · <a href="/session">Session</a> · <a href="/legacy">Pages Router</a>
        </nav>
        {children}
      </body>
    </html>
  )
}
