// Pages Router API route: req.session, committed before res.json() sends the headers.
import { withSession } from '../../lib/pages-session.js'

export default withSession(async (req, res) => {
  const visits = (req.session.get('apiVisits') ?? 0) + 1
  req.session.set('apiVisits', visits)
  res.status(200).json({ visits, user: req.session.get('user') ?? null })
})
